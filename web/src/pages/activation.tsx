// First run (guide 4): admin password with live rules, three security questions, privacy settings.
import { useState } from 'preact/hooks';
import { api, type Privacy } from '../api';
import { t } from '../i18n';
import { checkPassword } from '../validation';
import { PasswordRules } from '../components/password_rules';
import { SecurityQuestions, checkQuestions, defaultQuestions } from '../components/security_questions';
import { EnumSelect, Row } from '../components/form';

export function ActivationPage(props: { onDone: () => void }) {
  const [pw, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [qs, setQs] = useState(defaultQuestions());
  const [privacy, setPrivacy] = useState<Privacy>({ scene_preview: 'video', image_type: 'monochrome', resolution: 'low' });
  const [error, setError] = useState('');
  const check = checkPassword(pw, confirm);
  const qError = checkQuestions(qs);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!check.ok || qError) { setError(qError ?? t('rule_types')); return; }
    try { await api.activate(pw, qs, privacy); props.onDone(); } catch (err) { setError((err as Error).message); }
  };
  return (
    <form class="card narrow" onSubmit={submit} data-testid="page-activation">
      <h1>{t('activation')}</h1>
      <Row label={t('username')}><input value="admin" disabled /></Row>
      <Row label={t('password')}><input type="password" data-testid="password" value={pw} onInput={e => setPw((e.target as HTMLInputElement).value)} /></Row>
      <Row label={t('confirm_password')}><input type="password" data-testid="confirm" value={confirm} onInput={e => setConfirm((e.target as HTMLInputElement).value)} /></Row>
      <PasswordRules check={check} />
      <h2>{t('security_questions')}</h2>
      <SecurityQuestions value={qs} onChange={setQs} />
      <h2>{t('privacy_settings')}</h2>
      <EnumSelect label={t('scene_preview')} path="privacy.scene_preview" value={privacy.scene_preview} testid="scene-preview"
        onChange={v => setPrivacy({ ...privacy, scene_preview: v as Privacy['scene_preview'] })} />
      <EnumSelect label={t('image_type')} path="privacy.image_type" value={privacy.image_type}
        onChange={v => setPrivacy({ ...privacy, image_type: v as Privacy['image_type'] })} />
      <EnumSelect label={t('resolution')} path="privacy.resolution" value={privacy.resolution}
        onChange={v => setPrivacy({ ...privacy, resolution: v as Privacy['resolution'] })} />
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" data-testid="activate" disabled={!check.ok || !!qError}>{t('activate')}</button>
    </form>
  );
}
