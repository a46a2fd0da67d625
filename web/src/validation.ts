// Form validation shared by the pages: the guide's password rules and the ranges, enums and
// defaults of config/schema.json (the one contract for every setting), looked up by dotted path.
import schema from '../../config/schema.json';

export interface PasswordCheck { length: boolean; types: boolean; match: boolean; ok: boolean }

/** Guide 4.x: 8 to 16 characters with at least two of: digits, lowercase, uppercase, symbols. */
export function checkPassword(pw: string, confirm: string): PasswordCheck {
  const length = pw.length >= 8 && pw.length <= 16;
  const kinds = [/[0-9]/, /[a-z]/, /[A-Z]/, /[^0-9a-zA-Z]/].filter(r => r.test(pw)).length;
  const types = kinds >= 2;
  const match = pw.length > 0 && pw === confirm;
  return { length, types, match, ok: length && types && match };
}

export interface FieldSpec {
  type?: string;
  minimum?: number;
  maximum?: number;
  enum?: (string | number)[];
  default?: unknown;
  maxItems?: number;
}

type Node = FieldSpec & { properties?: Record<string, Node>; items?: Node };

/** The schema node of a dotted path such as "rules.lines[].name"; undefined when unknown. */
export function fieldSpec(path: string): FieldSpec | undefined {
  let node: Node | undefined = schema as unknown as Node;
  for (const part of path.split('.')) {
    const isArray = part.endsWith('[]');
    const key = isArray ? part.slice(0, -2) : part;
    node = node?.properties?.[key];
    if (isArray) node = node?.items;
    if (!node) return undefined;
  }
  return node;
}

/** An error message for a number outside its schema range, or null when valid. */
export function checkNumber(path: string, value: number): string | null {
  const s = fieldSpec(path);
  if (!Number.isFinite(value)) return 'not a number';
  if (s?.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
  if (s?.minimum !== undefined && value < s.minimum) return `must be between ${s.minimum} and ${s.maximum ?? '∞'}`;
  if (s?.maximum !== undefined && value > s.maximum) return `must be between ${s.minimum ?? '-∞'} and ${s.maximum}`;
  return null;
}

/** "HH:MM" in 24 h. */
export function checkClock(v: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
}

/** An http(s) URL for a recipient. */
export function checkUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Validates every numeric leaf of a config section against the schema; returns "path: message" errors. */
export function validateSection(prefix: string, value: unknown): string[] {
  const errors: string[] = [];
  const walk = (path: string, v: unknown) => {
    if (typeof v === 'number') {
      const e = checkNumber(path, v);
      if (e) errors.push(`${path}: ${e}`);
    } else if (Array.isArray(v)) {
      const s = fieldSpec(path);
      if (s?.maxItems !== undefined && v.length > s.maxItems) errors.push(`${path}: at most ${s.maxItems} items`);
      if (v.length && typeof v[0] === 'object' && !Array.isArray(v[0])) v.forEach(x => walk(`${path}[]`, x));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, x);
    }
  };
  walk(prefix, value);
  return errors;
}

/** A value built from the schema defaults of `path` (objects filled property by property). */
export function schemaDefaults(path: string): unknown {
  const build = (n: Node | undefined): unknown => {
    if (!n) return undefined;
    if (n.type === 'object' && n.properties) {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(n.properties)) { const d = build(v); if (d !== undefined) o[k] = d; }
      return o;
    }
    return n.default;
  };
  return build(fieldSpec(path) as Node | undefined);
}

/** The property names and child nodes of an object node, for trees built from the schema. */
export function schemaChildren(path: string): string[] {
  return Object.keys((fieldSpec(path) as Node | undefined)?.properties ?? {});
}
