// The JSON API of the C++ server (src/web), in one place so a change of route touches one file.
// Session: the server sets an HttpOnly cookie on login; every call sends it (same origin).
import type { Overlay } from './drawing/overlay';
import { t } from './i18n';

export type Role = 'admin' | 'viewer';
export interface User { username: string; role: Role }
export interface AuthState { activated: boolean; user: User | null }
export interface SecurityQA { question: string; answer: string }
export interface Privacy { scene_preview: 'video' | 'static' | 'none'; image_type: 'monochrome' | 'pseudo_color'; resolution: 'low' | 'high' }

export interface LineCount {
  uuid: string; name: string; in: number; out: number; capacity: number;
  adult_in?: number; adult_out?: number; child_in?: number; child_out?: number;
  male_in?: number; male_out?: number; female_in?: number; female_out?: number;
}
export interface RegionCount { uuid: string; name: string; count: number; max_dwell_s?: number; avg_dwell_s?: number }
/** now_s (service clock) and utc_offset_s (device zone, seconds east of UTC): the device's wall clock. */
export interface LiveCounts { lines: LineCount[]; regions: RegionCount[]; t_s?: number; now_s?: number; utc_offset_s?: number }
export type { Overlay };

export interface TimeZone { id: string; offset_min: number; name: string }
export interface NtpStatus { server?: string; last_sync_s?: number; offset_s?: number; error?: string; next_attempt_s?: number }
/** GET /image/status: how the frame source applied each image setting (docs/live-view.md). */
export interface ImageStatus { source: string; night: boolean; status: Record<string, { state: 'applied' | 'unsupported' | 'not in use'; detail: string }> }
export interface TimeStatus { unix_s: number; utc_offset_s?: number; local_time?: string; time_zone_name?: string; dst_in_force?: boolean; ntp?: NtpStatus }
export interface Certificate { subject: string; issuer: string; not_before_s: number; not_after_s: number; self_signed: boolean }

export interface ReportQuery { type: string; unit: string; from: number; to: number; target: string }
export interface ReportBucket { t: number; local?: string; [series: string]: number | string | null | undefined }
export interface ReportResult { series: string[]; buckets: ReportBucket[]; utc_offset_s?: number }

export class ApiError extends Error {
  constructor(public status: number, message: string) { super(message); }
}

/** True when the server has no such route (an older or partial server build): its catch-all
 *  answers 404 "no such API route", and an unrouted POST/PUT/DELETE 404 with no JSON body. A 404
 *  with another message (no such section, image disabled by privacy) is a real answer. */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)
    && (e.message === 'no such API route' || /^40[45] |^501 /.test(e.message));
}

/** The text a page shows for a failed call: a missing route names the feature (`what`) rather
 *  than showing a bare "404". */
export function describeError(e: unknown, what: string): string {
  return isMissingRoute(e) ? t('route_missing', { what }) : (e as Error).message;
}

const base = '/api/v1';
export const kUnauthorizedEvent = 'hc-unauthorized';

/** The CSRF token the server set at login (cookie hc_csrf); sent as X-CSRF-Token on every change. */
export function csrfToken(cookie: string = typeof document !== 'undefined' ? document.cookie : ''): string {
  const m = cookie.match(/(?:^|;\s*)hc_csrf=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

function headersFor(method: string): Record<string, string> {
  const token = method === 'GET' ? '' : csrfToken();
  return token ? { 'X-CSRF-Token': token } : {};
}

/** The error of a failed answer; an expired session anywhere sends the user back to the login
 *  page (app.tsx listens for kUnauthorizedEvent). */
function failure(r: Response, path: string, data: unknown): ApiError {
  if (r.status === 401 && !path.startsWith('/auth/')) dispatchEvent(new Event(kUnauthorizedEvent));
  const msg = (data && typeof data === 'object' && 'error' in data) ? String((data as { error: unknown }).error) : `${r.status} ${r.statusText}`;
  return new ApiError(r.status, msg);
}

function parseBody(text: string): unknown {
  try { return text ? JSON.parse(text) : null; } catch { return text; }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: headersFor(method) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const r = await fetch(base + path, init);
  const data = parseBody(await r.text());
  if (!r.ok) throw failure(r, path, data);
  return data as T;
}

/** A non-JSON download (CSV) with the same error handling as `call`. */
async function fetchBlob(path: string): Promise<Blob> {
  const r = await fetch(base + path, { credentials: 'same-origin' });
  if (!r.ok) throw failure(r, path, parseBody(await r.text()));
  return r.blob();
}

const q = (o: Record<string, string | number>) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();

export const api = {
  authState: () => call<AuthState>('GET', '/auth/state'),
  activate: (password: string, security_questions: SecurityQA[], privacy: Privacy) =>
    call<void>('POST', '/auth/activate', { password, security_questions, privacy }),
  login: (username: string, password: string) => call<User>('POST', '/auth/login', { username, password }),
  logout: () => call<void>('POST', '/auth/logout'),
  securityQuestions: (username: string) => call<{ questions: string[] }>('GET', `/auth/questions?${q({ username })}`),
  forgotPassword: (username: string, answers: string[], new_password: string) =>
    call<void>('POST', '/auth/forgot', { username, answers, new_password }),

  config: () => call<Record<string, unknown>>('GET', '/config'),
  section: <T>(name: string) => call<T>('GET', `/config/${name}`),
  putSection: <T>(name: string, value: T) => call<T>('PUT', `/config/${name}`, value),

  counts: () => call<LiveCounts>('GET', '/live/counts'),
  resetCounts: () => call<void>('POST', '/counts/reset'),
  mjpegUrl: () => `${base}/live/stream.mjpeg`,
  snapshotUrl: () => `${base}/live/snapshot.jpg?ts=${Date.now()}`,
  eventsUrl: () => `${base}/live/events`,
  // The server waits up to wait_s for the floor, then answers 202 "detecting" (polled with GET).
  detectHeight: () => call<unknown>('POST', '/rules/detect-height?wait_s=10'),
  detectHeightState: () => call<unknown>('GET', '/rules/detect-height'),

  networkStatus: () => call<Record<string, unknown>>('GET', '/network/status'),
  recipientStatus: () => call<{ recipients: { uuid: string; state: string; last_error?: string }[] }>('GET', '/recipients/status').then(r => r.recipients),
  // The recipient as edited on the page, saved or not.
  testRecipient: (recipient: unknown) => call<{ ok: boolean; error?: string }>('POST', '/recipients/test', recipient),
  mqttApiStatus: () => call<{ enabled?: boolean; state: string; last_error?: string }>('GET', '/mqtt-api/status'),

  report: (r: ReportQuery) => call<ReportResult>('GET', `/report?${q({ ...r })}`),
  reportCsvUrl: (r: ReportQuery) => `${base}/report.csv?${q({ ...r })}`,
  reportCsv: (r: ReportQuery) => fetchBlob(`/report.csv?${q({ ...r })}`),

  systemInfo: () => call<Record<string, string | number>>('GET', '/system/info'),
  users: () => call<{ users: User[] }>('GET', '/users').then(r => r.users),
  addViewer: (username: string, password: string) => call<void>('POST', '/users', { username, password, role: 'viewer' }),
  deleteUser: (username: string) => call<void>('DELETE', `/users/${encodeURIComponent(username)}`),
  changePassword: (old_password: string, new_password: string) =>
    call<void>('POST', '/users/password', { old_password, new_password }),
  setSecurityQuestions: (security_questions: SecurityQA[]) => call<void>('PUT', '/users/questions', { security_questions }),
  imageStatus: () => call<ImageStatus>('GET', '/image/status'),
  deviceTime: () => call<TimeStatus>('GET', '/system/time'),
  setDeviceTime: (unix_s: number) => call<TimeStatus>('POST', '/system/time', { unix_s }),
  syncTimeNow: () => call<TimeStatus>('POST', '/system/time/sync'),
  timeZones: () => call<{ zones: TimeZone[] }>('GET', '/system/time/zones').then(r => r.zones),
  certificate: () => call<Certificate>('GET', '/system/certificate'),
  uploadCertificate: (certificate: string, key: string) => call<{ ok: boolean; certificate: Certificate }>('POST', '/system/certificate', { certificate, key }),
  reboot: () => call<void>('POST', '/system/reboot'),
  recovery: (keep_ip: boolean) => call<void>('POST', '/system/recovery', { keep_ip }),
  factoryReset: (password: string) => call<void>('POST', '/system/factory-reset', { password }),
  configExportUrl: () => `${base}/system/config-export`,
  configImport: (doc: unknown) => call<void>('POST', '/system/config-import', doc),
  // The package and its detached Ed25519 signature as multipart form fields (docs/system.md).
  upgrade: async (pkg: File, signature: File) => {
    const form = new FormData();
    form.append('package', pkg);
    form.append('signature', signature);
    const r = await fetch(`${base}/system/upgrade`, { method: 'POST', body: form, credentials: 'same-origin', headers: headersFor('POST') });
    if (!r.ok) throw failure(r, '/system/upgrade', parseBody(await r.text()));
  },
};
