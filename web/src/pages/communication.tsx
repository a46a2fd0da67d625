// Communication (guide 5.3): network status, recipients (add, edit, test, delete; report strategy,
// periodic scheme and period, retransmission, content tree) and the MQTT API with its status.
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { t } from '../i18n';
import { EnumSelect, NumberField, SaveBar, TextField, Toggle, setIn, useSection } from '../components/form';
import { ContentTree } from '../components/content_tree';
import { NetworkSettings, checkIpv4 } from '../components/network_settings';
import { newUuid } from '../config_types';
import { checkUrl, schemaDefaults } from '../validation';

type Comm = { recipients: any[]; mqtt_api: any; [k: string]: unknown };
const R = 'communication.recipients[]';

export function CommunicationPage() {
  const s = useSection<Comm>('communication');
  const [net, setNet] = useState<Record<string, unknown> | null>(null);
  const [states, setStates] = useState<Record<string, string>>({});
  const [mqttState, setMqttState] = useState('');
  const [edit, setEdit] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [statusError, setStatusError] = useState('');
  useEffect(() => {
    api.networkStatus().then(setNet).catch(e => setNet({ error: describeError(e, t('network_status')) }));
    const poll = () => {
      api.recipientStatus().then(l => { setStates(Object.fromEntries(l.map(x => [x.uuid, x.last_error ? `${x.state}: ${x.last_error}` : x.state]))); setStatusError(''); })
        .catch(e => setStatusError(describeError(e, `${t('recipients')} ${t('status')}`)));
      api.mqttApiStatus().then(x => setMqttState(x.last_error ? `${x.state}: ${x.last_error}` : x.state))
        .catch(e => setMqttState(describeError(e, `${t('mqtt_api')} ${t('status')}`)));
    };
    poll();
    const id = setInterval(poll, 3000);
    return () => clearInterval(id);
  }, []);
  const c = s.value;
  if (!c) return <div>{s.error ? <p class="error">{s.error}</p> : t('loading')}</div>;
  const update = (path: (string | number)[], v: unknown) => s.setValue(setIn(c, path, v));
  const add = () => {
    if (c.recipients.length >= 8) { setNote(t('max_recipients')); return; }
    const r = { ...(schemaDefaults(R) as object), uuid: newUuid(), name: `Recipient${c.recipients.length + 1}` };
    s.setValue({ ...c, recipients: [...c.recipients, r] });
    setEdit(c.recipients.length);
  };
  const test = async (uuid: string) => {
    try { const r = await api.testRecipient(uuid); setNote(r.ok ? t('test_ok') : t('test_failed', { e: r.error ?? '' })); } catch (e) { setNote(t('test_failed', { e: describeError(e, t('test')) })); }
  };
  const save = () => {
    const tcp = (c.network as { tcpip?: Record<string, string> } | undefined)?.tcpip ?? {};
    const badIp = ['ip_address', 'subnet_mask', 'gateway', 'primary_dns', 'secondary_dns'].find(k => tcp[k] && !checkIpv4(tcp[k]));
    if (badIp) { s.setError(`communication.network.tcpip.${badIp}: a.b.c.d`); return; }
    const bad = c.recipients.find(r => r.protocol === 'http' && !checkUrl(r.http?.url ?? ''));
    if (bad) { s.setError(`${bad.name}: ${t('url')} http(s)://…`); return; }
    s.save();
  };
  const r = edit !== null ? c.recipients[edit] : null;
  const rp = (...p: (string | number)[]) => ['recipients', edit!, ...p];

  return (
    <div class="communication">
      <section class="card">
        <h2>{t('network_status')}</h2>
        {Array.isArray(net?.interfaces)
          ? <table class="list"><tr><th>{t('name')}</th><th>MAC</th><th>{t('status')}</th><th>IPv4</th></tr>
            {(net!.interfaces as { name: string; mac: string; up: boolean; ipv4: string[] }[]).map(i =>
              <tr><td>{i.name}</td><td>{i.mac}</td><td>{i.up ? t('connected') : t('disconnected')}</td><td>{(i.ipv4 ?? []).join(', ')}</td></tr>)}</table>
          : <table class="kv">{net && Object.entries(net).map(([k, v]) => <tr><td>{k}</td><td>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</td></tr>)}</table>}
        <NetworkSettings network={(c.network ?? {}) as Record<string, unknown>} http={(c.http ?? {}) as Record<string, unknown>} set={update} />
        <SaveBar onSave={save} message={s.message} error={s.error} testid="save-network" />
      </section>
      <section class="card">
        <h2>{t('recipients')}</h2>
        <table class="list"><tr><th>{t('name')}</th><th>{t('url_host')}</th><th>{t('protocol')}</th><th>{t('status')}</th><th>{t('operation')}</th></tr>
          {c.recipients.map((x, i) => (
            <tr data-testid="recipient-row">
              <td>{x.name}</td><td>{x.protocol === 'http' ? x.http?.url : `${x.mqtt?.host}:${x.mqtt?.port}`}</td>
              <td>{x.protocol.toUpperCase()}</td><td>{x.enabled ? (states[x.uuid] ?? '–') : 'disabled'}</td>
              <td><button onClick={() => setEdit(i)}>{t('edit')}</button><button onClick={() => test(x.uuid)}>{t('test')}</button>
                <button onClick={() => { s.setValue({ ...c, recipients: c.recipients.filter((_, j) => j !== i) }); setEdit(null); }}>{t('delete')}</button></td>
            </tr>))}
        </table>
        <button data-testid="add-recipient" onClick={add}>{t('add')}</button>
        {statusError && <p class="message" data-testid="recipient-status-error">{statusError}</p>}
        {note && <p class="message" data-testid="recipient-note">{note}</p>}
        {r && (
          <div class="panel">
            <TextField label={t('name')} value={r.name} onInput={v => update(rp('name'), v)} />
            <Toggle label={t('enabled')} value={r.enabled} onChange={v => update(rp('enabled'), v)} />
            <EnumSelect label={t('protocol')} path={`${R}.protocol`} value={r.protocol} onChange={v => update(rp('protocol'), v)} />
            {r.protocol === 'http' ? <>
              <TextField label={t('url')} value={r.http.url} onInput={v => update(rp('http', 'url'), v)} placeholder="https://example.com/counts" />
              <TextField label={t('username')} value={r.http.username} onInput={v => update(rp('http', 'username'), v)} />
              <TextField label={t('password')} type="password" value={r.http.password} onInput={v => update(rp('http', 'password'), v)} />
              <NumberField label={t('timeout')} path={`${R}.http.timeout_s`} value={r.http.timeout_s} onInput={v => update(rp('http', 'timeout_s'), v)} />
            </> : <>
              <TextField label={t('host')} value={r.mqtt.host} onInput={v => update(rp('mqtt', 'host'), v)} />
              <NumberField label={t('port')} path={`${R}.mqtt.port`} value={r.mqtt.port} onInput={v => update(rp('mqtt', 'port'), v)} />
              <TextField label={t('client_id')} value={r.mqtt.client_id} onInput={v => update(rp('mqtt', 'client_id'), v)} />
              <TextField label={t('topic')} value={r.mqtt.topic} onInput={v => update(rp('mqtt', 'topic'), v)} />
              <TextField label={t('username')} value={r.mqtt.username} onInput={v => update(rp('mqtt', 'username'), v)} />
              <TextField label={t('password')} type="password" value={r.mqtt.password} onInput={v => update(rp('mqtt', 'password'), v)} />
              <NumberField label={t('qos')} path={`${R}.mqtt.qos`} value={r.mqtt.qos} onInput={v => update(rp('mqtt', 'qos'), v)} />
              <Toggle label={t('tls')} value={r.mqtt.tls?.enabled ?? false} onChange={v => update(rp('mqtt', 'tls', 'enabled'), v)} />
            </>}
            <h3>{t('report_strategy')}</h3>
            <Toggle label={t('trigger_report')} value={r.report.trigger} onChange={v => update(rp('report', 'trigger'), v)} />
            <Toggle label={t('periodic_report')} value={r.report.periodic.enabled} onChange={v => update(rp('report', 'periodic', 'enabled'), v)} />
            {r.report.periodic.enabled && <>
              <EnumSelect label={t('periodic_scheme')} path={`${R}.report.periodic.scheme`} value={r.report.periodic.scheme} onChange={v => update(rp('report', 'periodic', 'scheme'), v)} />
              <EnumSelect label={`${t('period')} (min)`} path={`${R}.report.periodic.period_min`} value={r.report.periodic.period_min} onChange={v => update(rp('report', 'periodic', 'period_min'), v)} />
            </>}
            <Toggle label={t('retransmission')} value={r.report.retransmission} onChange={v => update(rp('report', 'retransmission'), v)} />
            <EnumSelect label={t('payload_format')} path={`${R}.report.payload_format`} value={r.report.payload_format} onChange={v => update(rp('report', 'payload_format'), v)} />
            <h3>{t('content')}</h3>
            <ContentTree path={`${R}.report.content`} value={r.report.content ?? {}} onChange={v => update(rp('report', 'content'), v)} />
            <button onClick={() => setEdit(null)}>{t('confirm')}</button>
          </div>)}
      </section>
      <section class="card">
        <h2>{t('mqtt_api')} <span class="badge" data-testid="mqtt-api-status">{mqttState || '–'}</span></h2>
        <Toggle label={t('enabled')} value={c.mqtt_api.enabled} onChange={v => update(['mqtt_api', 'enabled'], v)} />
        <TextField label={t('host')} value={c.mqtt_api.host} onInput={v => update(['mqtt_api', 'host'], v)} />
        <NumberField label={t('port')} path="communication.mqtt_api.port" value={c.mqtt_api.port} onInput={v => update(['mqtt_api', 'port'], v)} />
        <TextField label={t('request_topic')} value={c.mqtt_api.request_topic} onInput={v => update(['mqtt_api', 'request_topic'], v)} />
        <TextField label={t('response_topic')} value={c.mqtt_api.response_topic} onInput={v => update(['mqtt_api', 'response_topic'], v)} />
        <TextField label={t('client_id')} value={c.mqtt_api.client_id} onInput={v => update(['mqtt_api', 'client_id'], v)} />
        <TextField label={t('username')} value={c.mqtt_api.username} onInput={v => update(['mqtt_api', 'username'], v)} />
        <TextField label={t('password')} type="password" value={c.mqtt_api.password} onInput={v => update(['mqtt_api', 'password'], v)} />
        <NumberField label={t('qos')} path="communication.mqtt_api.qos" value={c.mqtt_api.qos} onInput={v => update(['mqtt_api', 'qos'], v)} />
        <NumberField label={t('keepalive')} path="communication.mqtt_api.keepalive_s" value={c.mqtt_api.keepalive_s} onInput={v => update(['mqtt_api', 'keepalive_s'], v)} />
        <Toggle label={t('tls')} value={c.mqtt_api.tls?.enabled ?? false} onChange={v => update(['mqtt_api', 'tls', 'enabled'], v)} />
        <SaveBar onSave={save} message={s.message} error={s.error} testid="save-communication" />
      </section>
    </div>
  );
}
