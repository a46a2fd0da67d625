// Small form controls bound to config/schema.json paths: ranges, enums and defaults come from the
// schema, so the GUI and the server agree on what a valid setting is.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { enumLabel, t } from '../i18n';
import { checkNumber, fieldSpec, validateSection } from '../validation';

export function Row(props: { label: string; children: ComponentChildren }) {
  return <label class="row"><span class="label">{props.label}</span>{props.children}</label>;
}

export function NumberField(props: { label: string; path: string; value: number; onInput: (v: number) => void; step?: number; testid?: string }) {
  const s = fieldSpec(props.path);
  const err = checkNumber(props.path, props.value);
  return (
    <Row label={props.label}>
      <input type="number" value={props.value} min={s?.minimum} max={s?.maximum}
        step={props.step ?? (s?.type === 'integer' ? 1 : 0.01)} data-testid={props.testid}
        class={err ? 'invalid' : ''} onInput={e => props.onInput(parseFloat((e.target as HTMLInputElement).value))} />
      {err && <span class="error">{err}</span>}
    </Row>
  );
}

export function TextField(props: { label: string; value: string; onInput: (v: string) => void; type?: string; testid?: string; placeholder?: string }) {
  return (
    <Row label={props.label}>
      <input type={props.type ?? 'text'} value={props.value} data-testid={props.testid} placeholder={props.placeholder}
        onInput={e => props.onInput((e.target as HTMLInputElement).value)} />
    </Row>
  );
}

export function Toggle(props: { label: string; value: boolean; onChange: (v: boolean) => void; testid?: string }) {
  return (
    <label class="toggle">
      <input type="checkbox" checked={props.value} data-testid={props.testid}
        onChange={e => props.onChange((e.target as HTMLInputElement).checked)} />
      {props.label}
    </label>
  );
}

/** A select over the schema enum of `path`; `labels` maps values to display strings. */
export function EnumSelect(props: { label: string; path: string; value: string | number; onChange: (v: string | number) => void; labels?: Record<string, string>; testid?: string }) {
  const values = fieldSpec(props.path)?.enum ?? [];
  return (
    <Row label={props.label}>
      <select data-testid={props.testid} value={String(props.value)}
        onChange={e => {
          const raw = (e.target as HTMLSelectElement).value;
          props.onChange(typeof values[0] === 'number' ? Number(raw) : raw);
        }}>
        {values.map(v => <option value={String(v)}>{props.labels?.[String(v)] ?? enumLabel(v)}</option>)}
      </select>
    </Row>
  );
}

/** A button that opens a file chooser and hands over the chosen file. */
export function FileButton(props: { label: string; accept?: string; testid?: string; onFile: (f: File) => void }) {
  return (
    <label class="button">{props.label}
      <input type="file" accept={props.accept} hidden data-testid={props.testid}
        onChange={e => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) props.onFile(f); }} />
    </label>
  );
}

/** Loads one section of the configuration, edits it locally, validates and saves it whole. */
export function useSection<T>(name: string) {
  const [value, setValue] = useState<T | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api.section<T>(name).then(setValue).catch(e => setError(String(e.message ?? e)));
  }, [name]);
  const save = async (v: T | null = value) => {
    if (!v) return;
    const errors = validateSection(name, v);
    if (errors.length) { setError(errors.join('; ')); return; }
    try {
      setValue(await api.putSection<T>(name, v) ?? v);
      setError('');
      setMessage(t('saved'));
      setTimeout(() => setMessage(''), 2000);
    } catch (e) {
      setError(String((e as Error).message));
    }
  };
  return { value, setValue, save, message, error, setError };
}

export function SaveBar(props: { onSave: () => void; message: string; error: string; testid?: string }) {
  return (
    <div class="savebar">
      <button class="primary" data-testid={props.testid ?? 'save'} onClick={props.onSave}>{t('save')}</button>
      {props.message && <span class="ok">{props.message}</span>}
      {props.error && <span class="error" role="alert">{props.error}</span>}
    </div>
  );
}

/** Immutable update of a nested path in a plain object: set(obj, ['a','b'], 1). */
export function setIn<T>(obj: T, path: (string | number)[], v: unknown): T {
  if (path.length === 0) return v as T;
  const [k, ...rest] = path;
  const src = (obj ?? {}) as Record<string | number, unknown>;
  const copy = (Array.isArray(src) ? [...src] : { ...src }) as Record<string | number, unknown>;
  copy[k] = setIn(src[k], rest, v);
  return copy as T;
}
