// Looks strings up by key with {name} substitution. Languages register here; English is the fallback.
import { en, type StringKey } from './en';

const languages: Record<string, Partial<Record<StringKey, string>>> = { en };
let current = 'en';

export function setLanguage(code: string): void {
  if (languages[code]) current = code;
}

export function availableLanguages(): string[] {
  return Object.keys(languages);
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const s = languages[current][key] ?? en[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

export type { StringKey };

/** The display string of a schema enum value: its `enum_<value>` string, else the value itself. */
export function enumLabel(v: string | number): string {
  const key = `enum_${v}` as StringKey;
  return key in en ? t(key) : String(v);
}
