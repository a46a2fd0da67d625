// Forgot password: answer the three security questions set at activation, then set a new password.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { checkPassword } from '../validation';
import { PasswordRules } from '../components/password_rules';
import { Row } from '../components/form';

export function ForgotPage(props: { onBack: () => void }) {
  const [user, setUser] = useState('admin');
  const [questions, setQuestions] = useState<string[] | null>(null);
  const [answers, setAnswers] = useState(['', '', '']);
  const [pw, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  const check = checkPassword(pw, confirm);

  const load = async () => {
    try { setQuestions((await api.securityQuestions(user)).questions); setError(''); } catch (e) { setError((e as Error).message); }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!check.ok) return;
    try { await api.forgotPassword(user, answers, pw); setDone(true); } catch (err) { setError((err as Error).message); }
  };
  return (
    <form class="card narrow" onSubmit={submit} data-testid="page-forgot">
      <h1>{t('forgot_password')}</h1>
      <Row label={t('username')}><input value={user} onInput={e => setUser((e.target as HTMLInputElement).value)} onBlur={load} /></Row>
      {!questions && <button type="button" onClick={load}>{t('confirm')}</button>}
      {questions && questions.map((q, i) => (
        <Row label={q}><input data-testid={`answer-${i}`} value={answers[i]} onInput={e => setAnswers(answers.map((a, j) => (j === i ? (e.target as HTMLInputElement).value : a)))} /></Row>
      ))}
      {questions && <>
        <Row label={t('new_password')}><input type="password" value={pw} onInput={e => setPw((e.target as HTMLInputElement).value)} /></Row>
        <Row label={t('confirm_password')}><input type="password" value={confirm} onInput={e => setConfirm((e.target as HTMLInputElement).value)} /></Row>
        <PasswordRules check={check} />
        <button class="primary" type="submit" disabled={!check.ok}>{t('reset_password')}</button>
      </>}
      {done && <p class="ok">{t('password_reset_done')}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <a href="#" class="link" onClick={e => { e.preventDefault(); props.onBack(); }}>{t('back_to_login')}</a>
    </form>
  );
}
