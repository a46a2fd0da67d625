// Dashboard (guide 5.1): live view with overlay toggles, per-line and per-region counts,
// "hide capacity", "children excluded" and reset count with confirmation.
import { useEffect, useState } from 'preact/hooks';
import { api, type Privacy, type Role } from '../api';
import { shownCounts } from '../counts';
import { t } from '../i18n';
import { useLive } from '../live';
import { LiveView, loadViewSettings, type Layer } from '../components/live_view';
import { Toggle } from '../components/form';
import { newDraft } from '../drawing/shape_editor';
import type { Rules } from '../config_types';

export function DashboardPage(props: { role: Role }) {
  const live = useLive();
  const { counts, overlay, refresh } = live;
  const [view, setView] = useState<{ width: number; height: number; privacy: Privacy } | null>(null);
  const [loadedRules, setRules] = useState<Rules | null>(null);
  const [show, setShow] = useState({ lines: true, uturn: false, regions: true, tracks: true });
  const [hideCapacity, setHideCapacity] = useState(false);
  const [childrenExcluded, setChildrenExcluded] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    loadViewSettings().then(setView);
    api.section<Rules>('rules').then(setRules).catch(() => undefined);
  }, []);

  const rules = live.rules ?? loadedRules;
  const layers: Layer[] = [];
  if (rules && show.lines) rules.lines.forEach(l => layers.push({ draft: newDraft('line', l.points), color: '#00c0ff', label: l.name, arrow: true }));
  if (rules && show.uturn) rules.lines.forEach(l => l.uturn_area.length && layers.push({ draft: newDraft('area', l.uturn_area), color: '#ff8c00' }));
  if (rules && show.regions) rules.regions.forEach(r => layers.push({ draft: newDraft('area', r.points), color: '#7cfc00', label: r.name }));

  const reset = async () => {
    if (!confirm(t('reset_count_confirm'))) return;
    try { await api.resetCounts(); refresh(); } catch (e) { setError((e as Error).message); }
  };
  const gendered = counts?.lines.some(l => l.male_in !== undefined);
  const aged = counts?.lines.some(l => l.child_in !== undefined);

  return (
    <div class="dashboard">
      <section class="card">
        <h2>{t('live_view')}</h2>
        {view && <LiveView width={view.width} height={view.height} privacy={view.privacy} layers={layers}
          overlay={overlay} showPaths={show.tracks} />}
        <div class="toggles">
          <Toggle label={t('show_lines')} value={show.lines} onChange={v => setShow({ ...show, lines: v })} />
          <Toggle label={t('show_uturn')} value={show.uturn} onChange={v => setShow({ ...show, uturn: v })} />
          <Toggle label={t('show_regions')} value={show.regions} onChange={v => setShow({ ...show, regions: v })} />
          <Toggle label={t('show_tracks')} value={show.tracks} onChange={v => setShow({ ...show, tracks: v })} />
        </div>
      </section>
      <section class="card counts">
        <div class="toggles">
          <Toggle label={t('hide_capacity')} value={hideCapacity} onChange={setHideCapacity} testid="hide-capacity" />
          <Toggle label={t('children_excluded')} value={childrenExcluded} onChange={setChildrenExcluded} testid="children-excluded" />
          {props.role === 'admin' && <button data-testid="reset-count" onClick={reset}>{t('reset_count')}</button>}
        </div>
        {error && <p class="error" role="alert">{error}</p>}
        {counts && counts.lines.length === 0 && <p>{t('no_lines')}</p>}
        {counts?.lines.map(l => {
          const c = shownCounts(l, childrenExcluded);
          return (
            <div class="linecount" data-testid="line-count" data-name={l.name}>
              <h3>{l.name}</h3>
              <div class="big">
                <div><span>{t('in')}</span><b data-testid="count-in">{c.in}</b></div>
                <div><span>{t('out')}</span><b data-testid="count-out">{c.out}</b></div>
                {!hideCapacity && <div><span>{t('capacity')}</span><b data-testid="count-capacity">{c.capacity}</b></div>}
              </div>
              {aged && !childrenExcluded && <table class="small"><tr><th /><th>{t('in')}</th><th>{t('out')}</th></tr>
                <tr><td>{t('adult')}</td><td>{l.adult_in ?? 0}</td><td>{l.adult_out ?? 0}</td></tr>
                <tr><td>{t('child')}</td><td>{l.child_in ?? 0}</td><td>{l.child_out ?? 0}</td></tr></table>}
              {gendered && <table class="small"><tr><th /><th>{t('in')}</th><th>{t('out')}</th></tr>
                <tr><td>{t('male')}</td><td>{l.male_in ?? 0}</td><td>{l.male_out ?? 0}</td></tr>
                <tr><td>{t('female')}</td><td>{l.female_in ?? 0}</td><td>{l.female_out ?? 0}</td></tr></table>}
            </div>
          );
        })}
        {counts && counts.regions.length > 0 && (
          <table class="regions"><tr><th>{t('region')}</th><th>{t('people')}</th><th>{t('max_dwell')}</th><th>{t('avg_dwell')}</th></tr>
            {counts.regions.map(r => <tr data-testid="region-count"><td>{r.name}</td><td>{r.count}</td>
              <td>{r.max_dwell_s !== undefined ? `${r.max_dwell_s.toFixed(0)} s` : '–'}</td>
              <td>{r.avg_dwell_s !== undefined ? `${r.avg_dwell_s.toFixed(0)} s` : '–'}</td></tr>)}
          </table>
        )}
      </section>
    </div>
  );
}
