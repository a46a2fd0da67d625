// Network configuration (guide 5.3.1): TCP/IP, WLAN, cellular and the web server's HTTP/HTTPS
// ports, edited inside the communication section; fields, enums and ranges follow the schema.
import { t } from '../i18n';
import { EnumSelect, NumberField, TextField, Toggle } from './form';

/* The network part of the communication section, loosely typed: the schema is the contract. */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const N = 'communication.network';

export function checkIpv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function NetworkSettings(props: { network: Obj; http: Obj; set: (path: (string | number)[], v: unknown) => void }) {
  const tcp = props.network.tcpip ?? {}, wlan = props.network.wlan ?? {}, cell = props.network.cellular ?? {};
  const s = (p: (string | number)[]) => (v: unknown) => props.set(['network', ...p], v);
  const ip = (label: string, key: string) => (
    <>
      <TextField label={label} value={tcp[key] ?? ''} onInput={s(['tcpip', key])} />
      {tcp[key] && !checkIpv4(tcp[key]) && <span class="error">{label}: a.b.c.d</span>}
    </>
  );
  return (
    <details class="network">
      <summary>{t('network_settings')}</summary>
      <h3>TCP/IP</h3>
      <EnumSelect label={t('ip_assignment')} path={`${N}.tcpip.ip_assignment`} value={tcp.ip_assignment} onChange={s(['tcpip', 'ip_assignment'])} />
      {tcp.ip_assignment === 'manual' && <>
        {ip(t('ip_address'), 'ip_address')}{ip(t('subnet_mask'), 'subnet_mask')}{ip(t('gateway'), 'gateway')}
      </>}
      {ip(t('primary_dns'), 'primary_dns')}{ip(t('secondary_dns'), 'secondary_dns')}
      <h3>WLAN</h3>
      <Toggle label={t('enabled')} value={!!wlan.enabled} onChange={s(['wlan', 'enabled'])} />
      {wlan.enabled && <>
        <TextField label="SSID" value={wlan.ssid ?? ''} onInput={s(['wlan', 'ssid'])} />
        <EnumSelect label={t('protocol')} path={`${N}.wlan.protocol`} value={wlan.protocol} onChange={s(['wlan', 'protocol'])} />
        <EnumSelect label={t('bandwidth')} path={`${N}.wlan.bandwidth_mhz`} value={wlan.bandwidth_mhz} onChange={s(['wlan', 'bandwidth_mhz'])} />
        <TextField label={t('channel')} value={wlan.channel ?? 'auto'} onInput={s(['wlan', 'channel'])} />
        <EnumSelect label={t('security_mode')} path={`${N}.wlan.security_mode`} value={wlan.security_mode} onChange={s(['wlan', 'security_mode'])} />
        {wlan.security_mode !== 'none' && <>
          <EnumSelect label={t('cipher')} path={`${N}.wlan.cipher`} value={wlan.cipher} onChange={s(['wlan', 'cipher'])} />
          <TextField label={t('password')} type="password" value={wlan.password ?? ''} onInput={s(['wlan', 'password'])} />
        </>}
      </>}
      <h3>{t('cellular')}</h3>
      <TextField label="APN" value={cell.apn ?? ''} onInput={s(['cellular', 'apn'])} />
      <TextField label={t('username')} value={cell.username ?? ''} onInput={s(['cellular', 'username'])} />
      <TextField label={t('password')} type="password" value={cell.password ?? ''} onInput={s(['cellular', 'password'])} />
      <TextField label="PIN" value={cell.pin ?? ''} onInput={s(['cellular', 'pin'])} />
      <EnumSelect label={t('authentication')} path={`${N}.cellular.authentication`} value={cell.authentication} onChange={s(['cellular', 'authentication'])} />
      <Toggle label={t('roaming')} value={!!cell.roaming} onChange={s(['cellular', 'roaming'])} />
      <h3>HTTP / HTTPS</h3>
      <Toggle label="HTTP" value={!!props.http.http_enabled} onChange={v => props.set(['http', 'http_enabled'], v)} />
      <NumberField label={t('port')} path="communication.http.http_port" value={props.http.http_port} onInput={v => props.set(['http', 'http_port'], v)} />
      <Toggle label="HTTPS" value={!!props.http.https_enabled} onChange={v => props.set(['http', 'https_enabled'], v)} />
      <NumberField label={t('port')} path="communication.http.https_port" value={props.http.https_port} onInput={v => props.set(['http', 'https_port'], v)} />
    </details>
  );
}
