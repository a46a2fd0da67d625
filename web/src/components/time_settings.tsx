// System > Time Configuration (guide 5.6.3): time zone (the server's list with names), NTP or
// manual timing (set a time on the device's wall clock, or take the browser's clock), daylight saving time, and the device's
// time status (local time, DST in force, last NTP synchronisation or its error).
import { useEffect, useState } from 'preact/hooks';
import { api, describeError, type TimeStatus, type TimeZone } from '../api';
import { t } from '../i18n';
import { EnumSelect, NumberField, Row, TextField, Toggle } from './form';
import { fromDeviceInput } from '../report_data';

export interface TimeSettingsValue {
  time_zone: string; sync_mode: string; ntp_server: string; ntp_interval_min: number;
  dst: { enabled: boolean; bias_min: number; start: Record<string, number>; end: Record<string, number> };
}

// Used when the server has no zone list: whole-hour offsets UTC-12..UTC+14 plus the half- and
// quarter-hour zones in use, with the identifiers of config/schema.json.
export const kFallbackZones: TimeZone[] = [...Array.from({ length: 27 }, (_, i) => (i - 12) * 60), -570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765]
  .sort((a, b) => a - b)
  .map(m => {
    const id = `UTC${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;
    return { id, offset_min: m, name: id };
  });

/** One line saying how the clock is kept: the last NTP synchronisation, or its error. */
export function ntpLine(s: TimeStatus | null): string {
  const n = s?.ntp;
  if (!n) return '–';
  if (n.error) return t('ntp_error', { e: n.error });
  if (n.last_sync_s) return t('ntp_synced', { at: new Date(n.last_sync_s * 1000).toISOString().replace('T', ' ').slice(0, 19), off: (n.offset_s ?? 0).toFixed(3) });
  return t('ntp_never');
}

export function TimeSettings(props: { time: TimeSettingsValue; update: (path: string[], v: unknown) => void }) {
  const [zones, setZones] = useState<TimeZone[]>(kFallbackZones);
  const [status, setStatus] = useState<TimeStatus | null>(null);
  const [manual, setManual] = useState('');
  const [msg, setMsg] = useState('');
  useEffect(() => {
    api.timeZones().then(setZones).catch(() => undefined); // the fallback list has the same identifiers
    const tick = () => api.deviceTime().then(setStatus).catch(e => setMsg(describeError(e, t('device_time'))));
    tick();
    const id = setInterval(tick, 5000);
    return () => clearInterval(id);
  }, []);
  const act = (f: () => Promise<TimeStatus>) => f().then(x => { setStatus(x); setMsg(''); }).catch(e => setMsg(describeError(e, t('time_settings'))));
  const v = props.time;
  const up = (path: string[]) => (x: unknown) => props.update(['time', ...path], x);
  const clock = status?.local_time?.replace('T', ' ') ?? (status ? new Date(status.unix_s * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '–');
  return <>
    <h2>{t('time_settings')}</h2>
    <Row label={t('device_time')}><span data-testid="device-time">{clock}{status?.dst_in_force ? ` (${t('dst')})` : ''}</span></Row>
    <Row label={t('time_zone')}><select data-testid="time-zone" value={v.time_zone} onChange={e => up(['time_zone'])((e.target as HTMLSelectElement).value)}>
      {zones.map(z => <option value={z.id}>{z.name}</option>)}</select></Row>
    <EnumSelect label={t('sync_mode')} path="system.time.sync_mode" value={v.sync_mode} onChange={up(['sync_mode'])} />
    {v.sync_mode === 'ntp' ? <>
      <TextField label={t('ntp_server')} value={v.ntp_server} onInput={up(['ntp_server'])} />
      <NumberField label={t('ntp_interval')} path="system.time.ntp_interval_min" value={v.ntp_interval_min} onInput={up(['ntp_interval_min'])} />
      <Row label={t('ntp_status')}><span data-testid="ntp-status">{ntpLine(status)}</span></Row>
      <button onClick={() => act(api.syncTimeNow)}>{t('sync_now')}</button>
    </> : <div class="row-inline">
      <input type="datetime-local" value={manual} onInput={e => setManual((e.target as HTMLInputElement).value)} />
      <button disabled={!manual} onClick={() => act(() => api.setDeviceTime(fromDeviceInput(manual, status?.utc_offset_s ?? 0)))}>{t('set_time')}</button>
      <button onClick={() => act(() => api.setDeviceTime(Math.floor(Date.now() / 1000)))}>{t('sync_with_browser')}</button>
    </div>}
    <Toggle label={t('dst')} value={v.dst.enabled} onChange={up(['dst', 'enabled'])} />
    {v.dst.enabled && <div class="dst">
      {(['start', 'end'] as const).map(w => <div>
        <b>{w}</b>
        {(['month', 'week', 'weekday', 'hour'] as const).map(f => (
          <NumberField label={f} path={`system.time.dst.${w}.${f}`} value={v.dst[w][f]} onInput={up(['dst', w, f])} />))}
      </div>)}
      <EnumSelect label="bias (min)" path="system.time.dst.bias_min" value={v.dst.bias_min} onChange={up(['dst', 'bias_min'])} />
    </div>}
    {msg && <p class="message" data-testid="time-message">{msg}</p>}
  </>;
}
