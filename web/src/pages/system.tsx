// System (guide 5.6): device info (editable name and IDs), users, time configuration and
// maintenance. The cards live in components/ (users_card, time_settings, maintenance_card).
import { useEffect, useState } from 'preact/hooks';
import { api, describeError, type User } from '../api';
import { t } from '../i18n';
import { NumberField, SaveBar, TextField, setIn, useSection } from '../components/form';
import { Users } from '../components/users_card';
import { MaintenanceCard } from '../components/maintenance_card';
import { TimeSettings, type TimeSettingsValue } from '../components/time_settings';
import { deviceInfoRows } from '../device_info';

interface StorageSettings { max_raw_events: number; bin_retention_days: number }
interface SystemSettings { device_name: string; custom_device_id: string; custom_site_id: string; time: TimeSettingsValue; storage?: StorageSettings }

// The schema's defaults (config/schema.json system.storage), for a document saved before the section existed.
const kStorageDefaults: StorageSettings = { max_raw_events: 1000000, bin_retention_days: 1098 };

export function SystemPage(props: { user: User }) {
  const s = useSection<SystemSettings>('system');
  const [info, setInfo] = useState<Record<string, unknown>>({});
  useEffect(() => {
    api.systemInfo().then(setInfo).catch(e => setInfo({ [t('status')]: describeError(e, t('device_info')) }));
  }, []);
  const v = s.value;
  if (!v) return <div>{s.error ? <p class="error">{s.error}</p> : t('loading')}</div>;
  const update = (path: string[], x: unknown) => s.setValue(setIn(v, path, x));
  const storage = { ...kStorageDefaults, ...v.storage };
  return (
    <div class="system">
      <section class="card">
        <h2>{t('device_info')}</h2>
        <table class="kv" data-testid="device-info">{deviceInfoRows(info).map(([k, x]) => <tr><td>{k}</td><td>{x}</td></tr>)}</table>
        <TextField label={t('device_name')} value={v.device_name} onInput={x => update(['device_name'], x)} testid="device-name" />
        <TextField label={t('custom_device_id')} value={v.custom_device_id} onInput={x => update(['custom_device_id'], x)} />
        <TextField label={t('custom_site_id')} value={v.custom_site_id} onInput={x => update(['custom_site_id'], x)} />
        <TimeSettings time={v.time} update={update} />
        <h3>{t('data_retention')}</h3>
        <NumberField label={t('max_raw_events')} path="system.storage.max_raw_events" value={storage.max_raw_events}
          onInput={x => update(['storage'], { ...storage, max_raw_events: x })} testid="max-raw-events" />
        <NumberField label={t('bin_retention_days')} path="system.storage.bin_retention_days" value={storage.bin_retention_days}
          onInput={x => update(['storage'], { ...storage, bin_retention_days: x })} testid="bin-retention-days" />
        <SaveBar onSave={() => s.save()} message={s.message} error={s.error} testid="save-system" />
      </section>
      <Users me={props.user} />
      <MaintenanceCard />
    </div>
  );
}
