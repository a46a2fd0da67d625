// The HTTPS certificate (guide 5.3.1, HTTPS): the one in use (subject, issuer, validity,
// self-signed or not) and the upload of the user's own certificate and key (PEM), which the server
// checks (parses, valid now, key matches) before replacing the pair; HTTPS uses it after a restart.
import { useEffect, useState } from 'preact/hooks';
import { api, describeError, type Certificate } from '../api';
import { t } from '../i18n';
import { FileButton } from './form';

const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

export function CertificateCard() {
  const [cert, setCert] = useState<Certificate | null>(null);
  const [pem, setPem] = useState<{ certificate?: string; key?: string }>({});
  const [msg, setMsg] = useState('');
  useEffect(() => { api.certificate().then(setCert).catch(e => setMsg(describeError(e, t('certificate')))); }, []);
  const read = (k: 'certificate' | 'key') => async (f: File) => setPem({ ...pem, [k]: await f.text() });
  const upload = async () => {
    try {
      const r = await api.uploadCertificate(pem.certificate!, pem.key!);
      setCert(r.certificate);
      setMsg(t('certificate_applies'));
    } catch (e) { setMsg(describeError(e, t('certificate'))); }
  };
  return (
    <section class="card" data-testid="certificate-card">
      <h2>{t('certificate')}</h2>
      {cert && <table class="kv">
        <tr><td>{t('cert_subject')}</td><td>{cert.subject}</td></tr>
        <tr><td>{t('cert_issuer')}</td><td>{cert.issuer}{cert.self_signed ? ` (${t('self_signed')})` : ''}</td></tr>
        <tr><td>{t('cert_validity')}</td><td>{day(cert.not_before_s)} – {day(cert.not_after_s)}</td></tr>
      </table>}
      <div class="row-inline">
        <FileButton label={t('cert_file')} accept=".pem,.crt" onFile={read('certificate')} /><span>{pem.certificate ? '✓' : '–'}</span>
        <FileButton label={t('key_file')} accept=".pem,.key" onFile={read('key')} /><span>{pem.key ? '✓' : '–'}</span>
        <button disabled={!pem.certificate || !pem.key} onClick={upload}>{t('upload')}</button>
      </div>
      {msg && <p class="message">{msg}</p>}
    </section>
  );
}
