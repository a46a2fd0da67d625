// What the Dashboard shows for a line: "Children Excluded" counts adults only (total minus the
// child counts), and capacity (people inside) follows from the shown in and out.
import type { LineCount } from './api';

export function shownCounts(l: LineCount, childrenExcluded: boolean): { in: number; out: number; capacity: number } {
  if (!childrenExcluded) return { in: l.in, out: l.out, capacity: l.capacity };
  const i = l.in - (l.child_in ?? 0), o = l.out - (l.child_out ?? 0);
  return { in: i, out: o, capacity: Math.max(0, i - o) };
}
