// Login (guide 4, step 4): username and password; a link to the security-question reset.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { Row } from '../components/form';

export function LoginPage(props: { onLogin: () => void; onForgot: () => void }) {
  const [user, setUser] = useState('admin');
  const [pw, setPw] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    try { await api.login(user, pw); props.onLogin(); } catch (err) {
      setError((err as { status?: number }).status === 401 ? t('bad_login') : (err as Error).message);
    }
  };
  return (
    <form class="card narrow" onSubmit={submit} data-testid="page-login">
      <h1>{t('login')}</h1>
      <Row label={t('username')}><input data-testid="username" value={user} onInput={e => setUser((e.target as HTMLInputElement).value)} /></Row>
      <Row label={t('password')}><input type="password" data-testid="password" value={pw} onInput={e => setPw((e.target as HTMLInputElement).value)} /></Row>
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" data-testid="login">{t('login')}</button>
      <a href="#" class="link" data-testid="forgot" onClick={e => { e.preventDefault(); props.onForgot(); }}>{t('forgot_password')}</a>
    </form>
  );
}
