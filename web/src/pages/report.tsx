// Report (guide 5.4): event type, time unit, time range, line or region; line or bar chart (uPlot);
// download the chart as a PNG; export the data as CSV (served by the API).
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, describeError, type ReportQuery, type ReportResult } from '../api';
import { t } from '../i18n';
import { Row } from '../components/form';
import { defaultRange, deviceDate, deviceOffsetAt, fromDeviceInput, initiallyShown, toColumns, toDeviceInput, type Unit } from '../report_data';
import type { Rules } from '../config_types';

const kColors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

export function ReportPage() {
  const [rules, setRules] = useState<Rules | null>(null);
  const [type, setType] = useState('line_count');
  const [unit, setUnit] = useState<Unit>('hour');
  // The device's clock and zone (any viewer reads them from the live counts): the range is shown and
  // entered on the device's wall clock, which may differ from the browser's in clock and in zone.
  const [device, setDevice] = useState({ now_s: Math.floor(Date.now() / 1000), offset_s: 0 });
  const [range, setRange] = useState(defaultRange('hour', device.now_s + 3600));
  const [target, setTarget] = useState('');
  const [chart, setChart] = useState<'line' | 'bar'>('line');
  const [result, setResult] = useState<ReportResult | null>(null);
  const [error, setError] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    // A viewer may not read the configuration: the live counts name the same lines and regions.
    api.section<Rules>('rules')
      .catch(() => api.counts().then(c => ({ lines: c.lines, regions: c.regions }) as unknown as Rules))
      .then(r => { setRules(r); if (r.lines[0]) setTarget(r.lines[0].uuid); })
      .catch(e => setError((e as Error).message));
    api.counts().then(c => {
      if (typeof c.now_s !== 'number') return;
      const now = { now_s: Math.floor(c.now_s), offset_s: c.utc_offset_s ?? 0 };
      setDevice(now);
      setRange(defaultRange('hour', now.now_s + 3600));
    }).catch(() => undefined); // the browser's clock stays the default
  }, []);
  const targets = type === 'line_count' ? (rules?.lines ?? []) : (rules?.regions ?? []);
  const query = (): ReportQuery => ({ type, unit, from: range.from, to: range.to, target });

  const search = async () => {
    try { setResult(await api.report(query())); setError(''); } catch (e) { setError(describeError(e, t('nav_report'))); }
  };
  // Fetched first so that a refusal (no such route, no session) is shown here instead of being
  // saved as a file; the link's href stays the CSV's URL.
  const exportCsv = async (e: Event) => {
    e.preventDefault();
    try {
      const blob = await api.reportCsv(query());
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `report-${type}-${range.from}-${range.to}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      setError('');
    } catch (err) { setError(describeError(err, t('export_csv'))); }
  };
  useEffect(() => {
    plot.current?.destroy();
    plot.current = null;
    if (!result || !box.current || result.buckets.length === 0) return;
    // Bars of two series sit side by side (left/right of the bucket time); more series overlap.
    const n = result.series.length;
    const shown = initiallyShown(result.series);
    const bars = (i: number) => uPlot.paths.bars!({ size: [n > 1 ? 0.35 : 0.6, 40], align: n === 1 ? 0 : i % 2 === 0 ? -1 : 1 });
    const opts: uPlot.Options = {
      width: Math.max(320, box.current.clientWidth), height: 320,
      series: [{}, ...result.series.map((s, i) => ({ label: s, show: shown[i], stroke: kColors[i % kColors.length],
        fill: chart === 'bar' ? kColors[i % kColors.length] + '99' : undefined, paths: chart === 'bar' ? bars(i) : undefined }))],
      axes: [{}, { label: type === 'dwell' ? 's' : t('people') }],
      // Times on the axis and in the legend in the device's zone (the buckets are the device's local
      // hours and days), whatever zone the browser runs in.
      tzDate: ts => deviceDate(ts, deviceOffsetAt(result, ts)),
    };
    plot.current = new uPlot(opts, toColumns(result) as uPlot.AlignedData, box.current);
  }, [result, chart]);

  const downloadImage = () => {
    const canvas = box.current?.querySelector('canvas');
    if (!canvas) return;
    const a = document.createElement('a');
    a.href = canvas.toDataURL('image/png');
    a.download = `report-${type}-${range.from}-${range.to}.png`;
    a.click();
  };

  return (
    <div class="report">
      <section class="card">
        <Row label={t('event_type')}>
          <select data-testid="report-type" value={type} onChange={e => { const v = (e.target as HTMLSelectElement).value; setType(v); setTarget(''); setResult(null); }}>
            <option value="line_count">{t('ev_line_count')}</option>
            <option value="region_count">{t('ev_region_count')}</option>
            <option value="dwell">{t('ev_dwell')}</option>
          </select>
        </Row>
        <Row label={t('time_unit')}>
          <select data-testid="report-unit" value={unit} onChange={e => { const u = (e.target as HTMLSelectElement).value as Unit; setUnit(u); setRange(defaultRange(u, device.now_s + 3600)); }}>
            {(['hour', 'day', 'month'] as Unit[]).map(u => <option value={u}>{t(`unit_${u}`)}</option>)}
          </select>
        </Row>
        <Row label={t('from')}><input type="datetime-local" value={toDeviceInput(range.from, device.offset_s)} onInput={e => setRange({ ...range, from: fromDeviceInput((e.target as HTMLInputElement).value, device.offset_s) })} /></Row>
        <Row label={t('to')}><input type="datetime-local" value={toDeviceInput(range.to, device.offset_s)} onInput={e => setRange({ ...range, to: fromDeviceInput((e.target as HTMLInputElement).value, device.offset_s) })} /></Row>
        <Row label={t('line_or_region')}>
          <select data-testid="report-target" value={target} onChange={e => setTarget((e.target as HTMLSelectElement).value)}>
            <option value="">{t('total')}</option>
            {targets.map(x => <option value={x.uuid}>{x.name}</option>)}
          </select>
        </Row>
        <Row label={t('chart_type')}>
          <select data-testid="report-chart" value={chart} onChange={e => setChart((e.target as HTMLSelectElement).value as 'line' | 'bar')}>
            <option value="line">{t('line_chart')}</option><option value="bar">{t('bar_chart')}</option>
          </select>
        </Row>
        <div class="savebar">
          <button class="primary" data-testid="report-search" onClick={search}>{t('search')}</button>
          <button data-testid="report-download" disabled={!result?.buckets.length} onClick={downloadImage}>{t('download_image')}</button>
          <a class="button" data-testid="report-csv" href={api.reportCsvUrl(query())} onClick={exportCsv}>{t('export_csv')}</a>
        </div>
        {error && <p class="error" role="alert">{error}</p>}
      </section>
      <section class="card">
        <div ref={box} class="chart" data-testid="report-chart-box" />
        {result && result.buckets.length === 0 && <p>{t('no_data')}</p>}
      </section>
    </div>
  );
}
