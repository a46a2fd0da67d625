// Rule (guide 5.2): detection lines, U-turn areas and regions drawn on the live view, the rule
// configuration parameters with installation-height detection, and the scheduled reset.
import { useEffect, useState } from 'preact/hooks';
import { describeError, type Privacy } from '../api';
import { detectHeight } from '../detect';
import { t } from '../i18n';
import { LiveView, loadViewSettings, type Layer } from '../components/live_view';
import { EnumSelect, NumberField, Row, SaveBar, Toggle, setIn, useSection } from '../components/form';
import { clear, flip, kMaxLines, kMaxRegions, kLineLimits, kAreaLimits, newDraft, type EditError } from '../drawing/shape_editor';
import { pointerDown, pointerMove, pointerUp, preview, startGesture, type Gesture } from '../drawing/interaction';
import { newUuid, type RegionRule, type Rules } from '../config_types';
import { checkClock } from '../validation';
import { useLive } from '../live';

type Target = { type: 'line' | 'uturn' | 'region'; index: number };

function errorText(e: EditError | undefined, kind: 'line' | 'area'): string {
  if (e === 'max_segments') return t('max_segments', { n: kind === 'line' ? kLineLimits.maxSegments : kAreaLimits.maxSegments });
  if (e === 'too_few_points') return t('too_few_points', { n: kind === 'line' ? 2 : 3 });
  return '';
}

export function RulePage() {
  const s = useSection<Rules>('rules');
  const [view, setView] = useState<{ width: number; height: number; privacy: Privacy } | null>(null);
  const [target, setTarget] = useState<Target | null>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [message, setMessage] = useState('');
  const [renaming, setRenaming] = useState<number | null>(null);
  const [editingRegion, setEditingRegion] = useState<number | null>(null);
  const [detect, setDetect] = useState('');
  const [detectWarnings, setDetectWarnings] = useState<string[]>([]);
  // The tracks of the moment, so that lines are drawn where people actually walk.
  const { overlay } = useLive(0);
  useEffect(() => { loadViewSettings().then(setView); }, []);
  const rules = s.value;
  if (!rules || !view) return <div>{s.error ? <p class="error">{s.error}</p> : t('loading')}</div>;
  const bounds = { width: view.width, height: view.height };
  const update = (path: (string | number)[], v: unknown) => s.setValue(setIn(rules, path, v));

  const pointsOf = (tg: Target) => tg.type === 'line' ? rules.lines[tg.index].points
    : tg.type === 'uturn' ? rules.lines[tg.index].uturn_area : rules.regions[tg.index].points;
  const begin = (tg: Target, redraw = false) => {
    if (gesture && !gesture.draft.done) { setMessage(t('finish_first')); return; }
    const pts = redraw ? [] : pointsOf(tg);
    setTarget(tg);
    setGesture(startGesture(newDraft(tg.type === 'line' ? 'line' : 'area', pts)));
    setMessage('');
  };
  /** "Done": writes the edited shape back into the rules being edited. */
  const commit = () => {
    if (!target || !gesture) return;
    if (!gesture.draft.done) { setMessage(t('finish_first')); return; }
    const pts = gesture.draft.points;
    if (target.type === 'line') update(['lines', target.index, 'points'], pts);
    else if (target.type === 'uturn') update(['lines', target.index, 'uturn_area'], pts);
    else update(['regions', target.index, 'points'], pts);
    setTarget(null); setGesture(null); setMessage('');
  };
  const onGesture = (g: Gesture) => {
    setGesture(g);
    setMessage(errorText(g.error, g.draft.kind));
  };

  const addLine = () => {
    if (rules.lines.length >= kMaxLines) { setMessage(t('max_lines')); return; }
    if (gesture && !gesture.draft.done) { setMessage(t('finish_first')); return; }
    const index = rules.lines.length;
    s.setValue({ ...rules, lines: [...rules.lines, { uuid: newUuid(), name: `Line${index + 1}`, points: [], uturn_area: [] }] });
    setTarget({ type: 'line', index });
    setGesture(startGesture(newDraft('line')));
    setMessage(t('draw_hint'));
  };
  const addRegion = () => {
    if (rules.regions.length >= kMaxRegions) { setMessage(t('max_regions')); return; }
    if (gesture && !gesture.draft.done) { setMessage(t('finish_first')); return; }
    const index = rules.regions.length;
    const r: RegionRule = { uuid: newUuid(), name: `Region${index + 1}`, points: [],
      people_counting: { enabled: true, pass_by_filtering_s: 5 }, dwell_time: { enabled: false, min_dwell_time_s: 5 } };
    s.setValue({ ...rules, regions: [...rules.regions, r] });
    setTarget({ type: 'region', index });
    setGesture(startGesture(newDraft('area')));
    setEditingRegion(index);
  };
  const removeLine = (i: number) => { s.setValue({ ...rules, lines: rules.lines.filter((_, j) => j !== i) }); setTarget(null); setGesture(null); };
  const removeRegion = (i: number) => { s.setValue({ ...rules, regions: rules.regions.filter((_, j) => j !== i) }); setTarget(null); setGesture(null); setEditingRegion(null); };
  const save = () => {
    if (gesture) { setMessage(t('finish_first')); return; }
    if (!checkClock(rules.scheduled_reset.time)) { s.setError(`${t('time_of_reset')}: HH:MM`); return; }
    const unfinished = rules.lines.findIndex(l => l.points.length < 2);
    if (unfinished >= 0) { s.setError(`${rules.lines[unfinished].name}: ${t('too_few_points', { n: 2 })}`); return; }
    s.save();
  };
  const runDetect = async () => {
    setDetect(t('detecting'));
    try {
      const r = await detectHeight();
      setDetectWarnings(r.warnings ?? []);
      if (r.state !== 'ok' || r.height_m === undefined) { setDetect(t('detect_refused', { e: r.reason ?? '' })); return; }
      setDetect(t('detected', { h: r.height_m.toFixed(2), c: r.confidence !== undefined ? r.confidence.toFixed(2) : '–' }));
      // The rules may have been edited while detecting: set the height on the current value.
      const h = Math.round(r.height_m * 100) / 100;
      s.setValue(cur => cur && setIn(cur, ['installation_height_m'], h));
    } catch (e) { setDetect(describeError(e, t('detect'))); }
  };

  const layers: Layer[] = [];
  rules.lines.forEach((l, i) => {
    const editing = target?.type === 'line' && target.index === i;
    const d = editing && gesture ? preview(gesture) : newDraft('line', l.points);
    layers.push({ draft: d, color: editing ? '#ff3b3b' : '#00c0ff', label: l.name, arrow: true, selected: editing });
    if (rules.uturn_filtering) {
      const eu = target?.type === 'uturn' && target.index === i;
      const u = eu && gesture ? preview(gesture) : newDraft('area', l.uturn_area);
      layers.push({ draft: u, color: '#ff8c00', selected: eu });
    }
  });
  if (rules.region_monitoring) rules.regions.forEach((r, i) => {
    const editing = target?.type === 'region' && target.index === i;
    layers.push({ draft: editing && gesture ? preview(gesture) : newDraft('area', r.points), color: '#7cfc00', label: r.name, selected: editing });
  });

  return (
    <div class="rule">
      <section class="card">
        <LiveView width={view.width} height={view.height} privacy={view.privacy} layers={layers} overlay={overlay}
          onMouseDown={(p, e) => gesture && onGesture(pointerDown(gesture, p, e.button, bounds))}
          onMouseMove={p => gesture && setGesture(pointerMove(gesture, p, bounds))}
          onMouseUp={() => gesture && setGesture(pointerUp(gesture))} />
        {gesture && <div class="drawbar">
          <span>{t('draw_hint')}</span>
          <button data-testid="clear-shape" onClick={() => setGesture(startGesture(clear(gesture.draft)))}>{target?.type === 'line' ? t('clear_line') : t('clear_area')}</button>
          {target?.type === 'line' && <button data-testid="flip" onClick={() => setGesture({ ...gesture, draft: flip(gesture.draft) })}>{t('flip_direction')}</button>}
          <button class="primary" data-testid="finish-shape" onClick={commit}>{t('finish_drawing')}</button>
        </div>}
        {message && <p class="message" role="status" data-testid="rule-message">{message}</p>}
      </section>
      <section class="card">
        <h2>{t('detection_lines')}</h2>
        <table class="list"><tr><th>{t('line_no')}</th><th>{t('line_name')}</th><th>{t('operation')}</th></tr>
          {rules.lines.map((l, i) => (
            <tr data-testid="line-row">
              <td>No.{i + 1}</td>
              <td>{renaming === i
                ? <input data-testid="rename-input" value={l.name} maxLength={32} onInput={e => update(['lines', i, 'name'], (e.target as HTMLInputElement).value)} onBlur={() => setRenaming(null)} />
                : l.name}</td>
              <td>
                <button onClick={() => begin({ type: 'line', index: i })}>{t('edit')}</button>
                <button data-testid="rename" onClick={() => setRenaming(i)}>{t('rename')}</button>
                {rules.uturn_filtering && <button onClick={() => begin({ type: 'uturn', index: i }, l.uturn_area.length === 0)}>{t('edit_uturn')}</button>}
                <button onClick={() => removeLine(i)}>{t('delete')}</button>
              </td>
            </tr>))}
        </table>
        <button data-testid="add-line" onClick={addLine}>{t('add')}</button>
        <div class="toggles">
          <Toggle label={t('line_cross_counting')} value={rules.line_cross_counting} onChange={v => update(['line_cross_counting'], v)} />
          <Toggle label={t('uturn_filtering')} value={rules.uturn_filtering} onChange={v => update(['uturn_filtering'], v)} />
          <Toggle label={t('region_monitoring')} value={rules.region_monitoring} onChange={v => update(['region_monitoring'], v)} testid="region-monitoring" />
        </div>
        {rules.region_monitoring && <>
          <h2>{t('region_monitoring')}</h2>
          <table class="list"><tr><th>{t('region_no')}</th><th>{t('region_name')}</th><th>{t('advanced_properties')}</th><th>{t('operation')}</th></tr>
            {rules.regions.map((r, i) => (
              <tr>
                <td>No.{i + 1}</td><td>{r.name}</td>
                <td>{[r.people_counting.enabled && `${t('region_people_counting')}(${r.people_counting.pass_by_filtering_s}s)`,
                  r.dwell_time.enabled && `${t('dwell_time_detection')}(${r.dwell_time.min_dwell_time_s}s)`].filter(Boolean).join(', ')}</td>
                <td>
                  <button onClick={() => begin({ type: 'region', index: i }, true)}>{t('redraw')}</button>
                  <button onClick={() => setEditingRegion(i)}>{t('edit')}</button>
                  <button onClick={() => removeRegion(i)}>{t('delete')}</button>
                </td>
              </tr>))}
          </table>
          <button data-testid="add-region" onClick={addRegion}>{t('add')}</button>
          {editingRegion !== null && rules.regions[editingRegion] && (
            <div class="panel">
              <h3>{t('advanced_properties')}</h3>
              <Row label={t('zone_name')}><input value={rules.regions[editingRegion].name} onInput={e => update(['regions', editingRegion, 'name'], (e.target as HTMLInputElement).value)} /></Row>
              <Toggle label={t('region_people_counting')} value={rules.regions[editingRegion].people_counting.enabled} onChange={v => update(['regions', editingRegion, 'people_counting', 'enabled'], v)} />
              <NumberField label={t('pass_by_filtering')} path="rules.regions[].people_counting.pass_by_filtering_s" value={rules.regions[editingRegion].people_counting.pass_by_filtering_s} onInput={v => update(['regions', editingRegion, 'people_counting', 'pass_by_filtering_s'], v)} />
              <Toggle label={t('dwell_time_detection')} value={rules.regions[editingRegion].dwell_time.enabled} onChange={v => update(['regions', editingRegion, 'dwell_time', 'enabled'], v)} />
              <NumberField label={t('min_dwell_time')} path="rules.regions[].dwell_time.min_dwell_time_s" value={rules.regions[editingRegion].dwell_time.min_dwell_time_s} onInput={v => update(['regions', editingRegion, 'dwell_time', 'min_dwell_time_s'], v)} />
              <button onClick={() => setEditingRegion(null)}>{t('confirm')}</button>
            </div>)}
        </>}
      </section>
      <section class="card">
        <h2>{t('rule_configuration')}</h2>
        <div class="row-inline">
          <NumberField label={t('installation_height')} path="rules.installation_height_m" value={rules.installation_height_m} onInput={v => update(['installation_height_m'], v)} />
          <button data-testid="detect-height" onClick={runDetect}>{t('detect')}</button>
          <span data-testid="detect-result">{detect}</span>
        </div>
        {detectWarnings.length > 0 && <ul class="warnings" data-testid="detect-warnings">{detectWarnings.map(w => <li>{w}</li>)}</ul>}
        <NumberField label={t('max_target_height')} path="rules.max_target_height_m" value={rules.max_target_height_m} onInput={v => update(['max_target_height_m'], v)} />
        <NumberField label={t('min_target_height')} path="rules.min_target_height_m" value={rules.min_target_height_m} onInput={v => update(['min_target_height_m'], v)} />
        <EnumSelect label={t('tracking_mode')} path="rules.tracking_mode" value={rules.tracking_mode} labels={{ heads: t('heads'), feet: t('feet') }} onChange={v => update(['tracking_mode'], v)} />
        <Toggle label={t('children_adult')} value={rules.children_adult_differentiation} onChange={v => update(['children_adult_differentiation'], v)} />
        {rules.children_adult_differentiation && <NumberField label={t('child_filter_height')} path="rules.child_filter_height_m" value={rules.child_filter_height_m} onInput={v => update(['child_filter_height_m'], v)} />}
        <Toggle label={t('gender_recognition')} value={rules.gender_recognition} onChange={v => update(['gender_recognition'], v)} />
        <h2>{t('scheduled_reset')}</h2>
        <Toggle label={t('enabled')} value={rules.scheduled_reset.enabled} onChange={v => update(['scheduled_reset', 'enabled'], v)} />
        <Row label={t('time_of_reset')}><input type="time" value={rules.scheduled_reset.time} onInput={e => update(['scheduled_reset', 'time'], (e.target as HTMLInputElement).value)} /></Row>
        <SaveBar onSave={save} message={s.message} error={s.error} testid="save-rules" />
      </section>
    </div>
  );
}
