// The shell: asks the server whether the device is activated and who is logged in, then shows
// Activation, Login / Forgot password, or the pages the user's role may see (hash routing).
import { useEffect, useState } from 'preact/hooks';
import { api, kUnauthorizedEvent, type AuthState } from './api';
import { availableLanguages, setLanguage, t } from './i18n';
import { kPages, pagesFor, resolvePage, type PageId } from './routes';
import { ActivationPage } from './pages/activation';
import { LoginPage } from './pages/login';
import { ForgotPage } from './pages/forgot';
import { DashboardPage } from './pages/dashboard';
import { RulePage } from './pages/rule';
import { CommunicationPage } from './pages/communication';
import { ReportPage } from './pages/report';
import { ImagePage } from './pages/image';
import { SystemPage } from './pages/system';

export function App() {
  const [auth, setAuth] = useState<AuthState | null>(null);
  const [error, setError] = useState('');
  const [hash, setHash] = useState(location.hash);
  const [forgot, setForgot] = useState(false);
  const [, setLang] = useState('en');

  const refresh = () => api.authState().then(a => { setAuth(a); setError(''); }).catch(e => setError(String(e.message)));
  useEffect(() => {
    refresh();
    const expired = () => { refresh(); };
    addEventListener(kUnauthorizedEvent, expired);
    return () => removeEventListener(kUnauthorizedEvent, expired);
  }, []);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);

  if (error) return <div class="center"><p class="error" role="alert">{error}</p></div>;
  if (!auth) return <div class="center">{t('loading')}</div>;
  if (!auth.activated) return <ActivationPage onDone={refresh} />;
  if (!auth.user) {
    return forgot ? <ForgotPage onBack={() => setForgot(false)} />
      : <LoginPage onLogin={refresh} onForgot={() => setForgot(true)} />;
  }
  const role = auth.user.role;
  const page: PageId = resolvePage(hash, role);
  const allowed = pagesFor(role);
  const logout = async () => { await api.logout().catch(() => undefined); location.hash = ''; refresh(); };

  return (
    <div class="layout">
      <nav class="sidebar">
        <div class="brand">{t('app_title')}</div>
        {kPages.filter(p => allowed.includes(p.id)).map(p => (
          <a href={`#/${p.id}`} class={p.id === page ? 'active' : ''} data-testid={`nav-${p.id}`}>{t(p.label)}</a>
        ))}
        <div class="spacer" />
        <select aria-label={t('language')} onChange={e => { setLanguage((e.target as HTMLSelectElement).value); setLang((e.target as HTMLSelectElement).value); }}>
          {availableLanguages().map(l => <option value={l}>{l === 'en' ? 'English' : l}</option>)}
        </select>
        <div class="user" data-testid="current-user">{auth.user.username} ({auth.user.role})</div>
        <button data-testid="logout" onClick={logout}>{t('logout')}</button>
      </nav>
      <main class="content" data-testid={`page-${page}`}>
        {page === 'dashboard' && <DashboardPage role={role} />}
        {page === 'rule' && <RulePage />}
        {page === 'communication' && <CommunicationPage />}
        {page === 'report' && <ReportPage />}
        {page === 'image' && <ImagePage />}
        {page === 'system' && <SystemPage user={auth.user} />}
      </main>
    </div>
  );
}
