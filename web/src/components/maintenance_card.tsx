// System > Maintenance (guide 5.6.4): configuration export and import, upgrade (a package with its
// detached signature, verified by the server), recovery keeping the IP settings, reboot and the
// factory reset that needs the admin password.
import { useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { t } from '../i18n';
import { FileButton, Toggle } from './form';

export function MaintenanceCard() {
  const [keepIp, setKeepIp] = useState(true);
  const [resetPw, setResetPw] = useState('');
  const [pkg, setPkg] = useState<File | null>(null);
  const [sig, setSig] = useState<File | null>(null);
  const [msg, setMsg] = useState('');
  const run = async (f: () => Promise<void>) => { try { await f(); setMsg(t('done')); } catch (e) { setMsg(describeError(e, t('maintenance'))); } };
  const importFile = async (f: File) => {
    let doc: unknown;
    try { doc = JSON.parse(await f.text()); } catch { setMsg(`${f.name}: not JSON`); return; }
    run(() => api.configImport(doc));
  };
  return (
    <section class="card">
      <h2>{t('maintenance')}</h2>
      <div class="row-inline">
        <a class="button" href={api.configExportUrl()} download="headcount-config.json">{t('config_export')}</a>
        <FileButton label={t('config_import')} accept="application/json,.json" onFile={importFile} />
      </div>
      <h3>{t('upgrade')}</h3>
      <p class="hint">{t('upgrade_hint')}</p>
      <div class="row-inline">
        <FileButton label={t('upgrade_file')} testid="upgrade-package" onFile={setPkg} /><span>{pkg?.name ?? '–'}</span>
        <FileButton label={t('upgrade_signature')} accept=".sig" testid="upgrade-signature" onFile={setSig} /><span>{sig?.name ?? '–'}</span>
        <button disabled={!pkg || !sig} data-testid="upgrade" onClick={() => pkg && sig && run(() => api.upgrade(pkg, sig))}>{t('upgrade')}</button>
      </div>
      <div class="row-inline">
        <Toggle label={t('keep_ip')} value={keepIp} onChange={setKeepIp} />
        <button onClick={() => confirm(t('recovery_confirm')) && run(() => api.recovery(keepIp))}>{t('recovery')}</button>
        <button onClick={() => confirm(t('reboot_confirm')) && run(() => api.reboot())}>{t('reboot')}</button>
      </div>
      <div class="row-inline">
        <input type="password" placeholder={t('password')} value={resetPw} onInput={e => setResetPw((e.target as HTMLInputElement).value)} />
        <button disabled={!resetPw} onClick={() => confirm(t('factory_reset_confirm')) && run(() => api.factoryReset(resetPw))}>{t('factory_reset')}</button>
      </div>
      {msg && <p class="message" data-testid="maintenance-message">{msg}</p>}
    </section>
  );
}
