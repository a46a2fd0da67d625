// Image (guide 5.5): day/night mode, sensitivity, night schedule, brightness, power line
// frequency and WDR, with ranges from the schema, and what the frame source made of each setting
// (GET /image/status: applied, not supported by this source, not in use).
import { useEffect, useState } from 'preact/hooks';
import { api, type ImageStatus } from '../api';
import { t, type StringKey } from '../i18n';
import { EnumSelect, NumberField, Row, SaveBar, Toggle, setIn, useSection } from '../components/form';

// The page's label of each field of the image section.
const kLabels: Record<string, StringKey> = {
  day_night_mode: 'day_night_mode', sensitivity: 'sensitivity', night_schedule: 'night_schedule',
  target_brightness: 'target_brightness', power_line_frequency_hz: 'power_line_frequency', wdr: 'wdr',
};
const kStates: Record<string, StringKey> = { 'applied': 'setting_applied', 'unsupported': 'setting_unsupported', 'not in use': 'setting_not_in_use' };

function ImageStatusList({ status }: { status: ImageStatus }) {
  return (
    <div class="hint" data-testid="image-status">
      <p>{t('image_status', { source: status.source })}{status.night ? ` · ${t('night_in_force')}` : ''}</p>
      <ul>{Object.entries(status.status).map(([k, s]) => (
        <li data-testid={`image-status-${k}`}>{kLabels[k] ? t(kLabels[k]) : k}: {kStates[s.state] ? t(kStates[s.state]) : s.state}{s.detail ? ` (${s.detail})` : ''}</li>
      ))}</ul>
    </div>
  );
}

interface ImageSettings {
  day_night_mode: string; sensitivity: number; night_schedule: { start: string; end: string };
  target_brightness: number; power_line_frequency_hz: number; wdr: boolean;
}

export function ImagePage() {
  const s = useSection<ImageSettings>('image');
  const [status, setStatus] = useState<ImageStatus | null>(null);
  // No source applying the settings (503) or an older server: the list is simply not shown.
  const refresh = () => api.imageStatus().then(setStatus).catch(() => setStatus(null));
  useEffect(() => { refresh(); }, []);
  const v = s.value;
  if (!v) return <div>{s.error ? <p class="error">{s.error}</p> : t('loading')}</div>;
  const update = (path: string[], x: unknown) => s.setValue(setIn(v, path, x));
  return (
    <section class="card narrow">
      <h2>{t('image_settings')}</h2>
      <EnumSelect label={t('day_night_mode')} path="image.day_night_mode" value={v.day_night_mode} onChange={x => update(['day_night_mode'], x)} />
      {v.day_night_mode === 'auto' && <NumberField label={t('sensitivity')} path="image.sensitivity" value={v.sensitivity} onInput={x => update(['sensitivity'], x)} />}
      {v.day_night_mode === 'schedule' && <>
        <Row label={t('night_start')}><input type="time" value={v.night_schedule.start} onInput={e => update(['night_schedule', 'start'], (e.target as HTMLInputElement).value)} /></Row>
        <Row label={t('night_end')}><input type="time" value={v.night_schedule.end} onInput={e => update(['night_schedule', 'end'], (e.target as HTMLInputElement).value)} /></Row>
      </>}
      <Row label={t('target_brightness')}>
        <input type="range" min={0} max={100} value={v.target_brightness} onInput={e => update(['target_brightness'], Number((e.target as HTMLInputElement).value))} />
        <span>{v.target_brightness}</span>
      </Row>
      <EnumSelect label={t('power_line_frequency')} path="image.power_line_frequency_hz" value={v.power_line_frequency_hz} onChange={x => update(['power_line_frequency_hz'], x)} />
      <Toggle label={t('wdr')} value={v.wdr} onChange={x => update(['wdr'], x)} />
      <SaveBar onSave={() => s.save().then(() => setTimeout(refresh, 500))} message={s.message} error={s.error} testid="save-image" />
      {status && <ImageStatusList status={status} />}
    </section>
  );
}
