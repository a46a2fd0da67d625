// Which pages each role reaches (guide 5.6.2: a viewer sees only Dashboard and Report).
import type { Role } from './api';
import type { StringKey } from './i18n';

export type PageId = 'dashboard' | 'rule' | 'communication' | 'report' | 'image' | 'system';

export const kPages: { id: PageId; label: StringKey; roles: Role[] }[] = [
  { id: 'dashboard', label: 'nav_dashboard', roles: ['admin', 'viewer'] },
  { id: 'rule', label: 'nav_rule', roles: ['admin'] },
  { id: 'communication', label: 'nav_communication', roles: ['admin'] },
  { id: 'report', label: 'nav_report', roles: ['admin', 'viewer'] },
  { id: 'image', label: 'nav_image', roles: ['admin'] },
  { id: 'system', label: 'nav_system', roles: ['admin'] },
];

export function pagesFor(role: Role): PageId[] {
  return kPages.filter(p => p.roles.includes(role)).map(p => p.id);
}

/** The page a hash names, or the role's first page when it names one the role may not see. */
export function resolvePage(hash: string, role: Role): PageId {
  const id = hash.replace(/^#\/?/, '') as PageId;
  const allowed = pagesFor(role);
  return allowed.includes(id) ? id : allowed[0];
}
