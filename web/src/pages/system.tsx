// System (guide 5.6): device info (editable name and IDs), users (add viewer, change password,
// security questions), time configuration and maintenance (recovery, reboot, export/import, upgrade).
import { useEffect, useState } from 'preact/hooks';
import { api, describeError, type User } from '../api';
import { t } from '../i18n';
import { EnumSelect, NumberField, Row, SaveBar, TextField, Toggle, setIn, useSection } from '../components/form';
import { PasswordRules } from '../components/password_rules';
import { SecurityQuestions, checkQuestions, defaultQuestions } from '../components/security_questions';
import { checkPassword } from '../validation';
import { fromLocalInput } from '../report_data';

interface SystemSettings {
  device_name: string; custom_device_id: string; custom_site_id: string;
  time: { time_zone: string; sync_mode: string; ntp_server: string; ntp_interval_min: number;
    dst: { enabled: boolean; bias_min: number; start: Record<string, number>; end: Record<string, number> } };
}

// Whole-hour offsets UTC-12..UTC+14 plus the half- and quarter-hour zones in use.
const kZones = [...Array.from({ length: 27 }, (_, i) => (i - 12) * 60), -570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765]
  .sort((a, b) => a - b)
  .map(m => `UTC${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`);

function Users(props: { me: User }) {
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

function Maintenance() {
  const [keepIp, setKeepIp] = useState(true);
  const [resetPw, setResetPw] = useState('');
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
        <label class="button">{t('config_import')}<input type="file" accept="application/json,.json" hidden onChange={e => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) importFile(f); }} /></label>
      </div>
      <div class="row-inline">
        <label class="button">{t('upgrade')}<input type="file" hidden onChange={e => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) run(() => api.upgrade(f)); }} /></label>
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
      {msg && <p class="message">{msg}</p>}
    </section>
  );
}

export function SystemPage(props: { user: User }) {
  const s = useSection<SystemSettings>('system');
  const [info, setInfo] = useState<Record<string, string | number>>({});
  const [clock, setClock] = useState<number | null>(null);
  useEffect(() => {
    api.systemInfo().then(setInfo).catch(e => setInfo({ [t('status')]: describeError(e, t('device_info')) }));
    const tick = () => api.deviceTime().then(x => setClock(x.unix_s)).catch(() => undefined);
    tick();
    const id = setInterval(tick, 5000);
    return () => clearInterval(id);
  }, []);
  const [manual, setManual] = useState('');
  const setTime = (unix: number) => api.setDeviceTime(unix).then(() => setClock(unix)).catch(e => s.setError((e as Error).message));
  const v = s.value;
  if (!v) return <div>{s.error ? <p class="error">{s.error}</p> : t('loading')}</div>;
  const update = (path: string[], x: unknown) => s.setValue(setIn(v, path, x));
  const dst = v.time.dst;
  return (
    <div class="system">
      <section class="card">
        <h2>{t('device_info')}</h2>
        <table class="kv">{Object.entries(info).map(([k, x]) => <tr><td>{k}</td><td>{String(x)}</td></tr>)}</table>
        <TextField label={t('device_name')} value={v.device_name} onInput={x => update(['device_name'], x)} testid="device-name" />
        <TextField label={t('custom_device_id')} value={v.custom_device_id} onInput={x => update(['custom_device_id'], x)} />
        <TextField label={t('custom_site_id')} value={v.custom_site_id} onInput={x => update(['custom_site_id'], x)} />
        <h2>{t('time_settings')}</h2>
        <Row label={t('device_time')}><span data-testid="device-time">{clock !== null ? new Date(clock * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '–'}</span></Row>
        <Row label={t('time_zone')}><select value={v.time.time_zone} onChange={e => update(['time', 'time_zone'], (e.target as HTMLSelectElement).value)}>
          {kZones.map(z => <option value={z}>{z}</option>)}</select></Row>
        <EnumSelect label={t('sync_mode')} path="system.time.sync_mode" value={v.time.sync_mode} onChange={x => update(['time', 'sync_mode'], x)} />
        {v.time.sync_mode === 'ntp' ? <>
          <TextField label={t('ntp_server')} value={v.time.ntp_server} onInput={x => update(['time', 'ntp_server'], x)} />
          <NumberField label={t('ntp_interval')} path="system.time.ntp_interval_min" value={v.time.ntp_interval_min} onInput={x => update(['time', 'ntp_interval_min'], x)} />
        </> : <div class="row-inline">
          <input type="datetime-local" value={manual} onInput={e => setManual((e.target as HTMLInputElement).value)} />
          <button disabled={!manual} onClick={() => setTime(fromLocalInput(manual))}>{t('set_time')}</button>
          <button onClick={() => setTime(Math.floor(Date.now() / 1000))}>{t('sync_with_browser')}</button>
        </div>}
        <Toggle label={t('dst')} value={dst.enabled} onChange={x => update(['time', 'dst', 'enabled'], x)} />
        {dst.enabled && <div class="dst">
          {(['start', 'end'] as const).map(w => <div>
            <b>{w}</b>
            {(['month', 'week', 'weekday', 'hour'] as const).map(f => (
              <NumberField label={f} path={`system.time.dst.${w}.${f}`} value={dst[w][f]} onInput={x => update(['time', 'dst', w, f], x)} />))}
          </div>)}
          <EnumSelect label="bias (min)" path="system.time.dst.bias_min" value={dst.bias_min} onChange={x => update(['time', 'dst', 'bias_min'], x)} />
        </div>}
        <SaveBar onSave={() => s.save()} message={s.message} error={s.error} testid="save-system" />
      </section>
      <Users me={props.user} />
      <Maintenance />
    </div>
  );
}
