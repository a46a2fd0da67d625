// System > User (guide 5.6.2): the user list, add or delete a viewer, change the own password and
// the security questions.
import { useEffect, useState } from 'preact/hooks';
import { api, type User } from '../api';
import { t } from '../i18n';
import { TextField } from './form';
import { PasswordRules } from './password_rules';
import { SecurityQuestions, checkQuestions, defaultQuestions } from './security_questions';
import { checkPassword } from '../validation';

export function Users(props: { me: User }) {
  const [users, setUsers] = useState<User[]>([]);
  const [name, setName] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [old, setOld] = useState('');
  const [npw, setNpw] = useState('');
  const [npw2, setNpw2] = useState('');
  const [qs, setQs] = useState(defaultQuestions());
  const [msg, setMsg] = useState('');
  const load = () => api.users().then(setUsers).catch(e => setMsg((e as Error).message));
  useEffect(() => { load(); }, []);
  const run = async (f: () => Promise<void>, ok: string) => { try { await f(); setMsg(ok); load(); } catch (e) { setMsg((e as Error).message); } };
  const viewerCheck = checkPassword(pw, pw2);
  const change = checkPassword(npw, npw2);
  return (
    <section class="card">
      <h2>{t('users')}</h2>
      <table class="list"><tr><th>{t('username')}</th><th>{t('role')}</th><th>{t('operation')}</th></tr>
        {users.map(u => <tr data-testid="user-row"><td>{u.username}</td><td>{u.role}</td>
          <td>{u.role === 'viewer' && <button onClick={() => run(() => api.deleteUser(u.username), t('done'))}>{t('delete')}</button>}</td></tr>)}
      </table>
      <h3>{t('add_viewer')}</h3>
      <TextField label={t('username')} value={name} onInput={setName} testid="viewer-name" />
      <TextField label={t('password')} type="password" value={pw} onInput={setPw} testid="viewer-password" />
      <TextField label={t('confirm_password')} type="password" value={pw2} onInput={setPw2} testid="viewer-confirm" />
      <PasswordRules check={viewerCheck} />
      <button data-testid="add-viewer" disabled={!name || !viewerCheck.ok}
        onClick={() => run(async () => { await api.addViewer(name, pw); setName(''); setPw(''); setPw2(''); }, t('viewer_created'))}>{t('add_viewer')}</button>
      <h3>{t('change_password')} ({props.me.username})</h3>
      <TextField label={t('old_password')} type="password" value={old} onInput={setOld} />
      <TextField label={t('new_password')} type="password" value={npw} onInput={setNpw} />
      <TextField label={t('confirm_password')} type="password" value={npw2} onInput={setNpw2} />
      <PasswordRules check={change} />
      <button disabled={!change.ok} onClick={() => run(() => api.changePassword(old, npw), t('saved'))}>{t('change_password')}</button>
      <h3>{t('security_questions')}</h3>
      <SecurityQuestions value={qs} onChange={setQs} />
      <button disabled={!!checkQuestions(qs)} onClick={() => run(() => api.setSecurityQuestions(qs), t('saved'))}>{t('save')}</button>
      {msg && <p class="message" data-testid="users-message">{msg}</p>}
    </section>
  );
}
