// The rows of System > Device Info from GET /system/info: the guide's labels and readable values
// (MACs one per interface, running time in days/hours/minutes/seconds). Unknown keys are shown as
// they come so nothing the server adds is hidden.
import { t, type StringKey } from './i18n';

const kLabels: Record<string, StringKey> = {
  device_name: 'device_name', model: 'model', serial_number: 'serial', hardware_version: 'hardware_version',
  software_version: 'firmware', device_id: 'custom_device_id', site_id: 'custom_site_id', running_s: 'uptime', macs: 'mac',
};

export function formatDuration(s: number): string {
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
  return [d && `${d} d`, (d || h) && `${h} h`, (d || h || m) && `${m} min`, `${sec} s`].filter(Boolean).join(' ');
}

export function deviceInfoRows(info: Record<string, unknown>): [string, string][] {
  return Object.entries(info).map(([k, v]): [string, string] => {
    const label = k in kLabels ? t(kLabels[k]) : k;
    if (k === 'running_s' && typeof v === 'number') return [label, formatDuration(v)];
    if (k === 'macs' && Array.isArray(v)) return [label, v.map(m => `${m.interface}: ${m.mac}`).join(', ')];
    return [label, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '')];
  });
}
