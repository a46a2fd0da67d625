// Live data from the server: counts (polled, and pushed on SSE "counts"), the overlay of
// tracks (SSE "overlay") and the rules whenever they change (SSE "rules"). EventSource reconnects
// by itself when the server restarts. `pollMs` 0: no polling of the counts (SSE only).
import { useEffect, useState } from 'preact/hooks';
import { api, type LiveCounts } from './api';
import type { Overlay } from './drawing/overlay';
import type { Rules } from './config_types';

export function useLive(pollMs = 1000): { counts: LiveCounts | null; overlay: Overlay | null; rules: Rules | null; refresh: () => void } {
  const [counts, setCounts] = useState<LiveCounts | null>(null);
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const [rules, setRules] = useState<Rules | null>(null);
  const refresh = () => { api.counts().then(setCounts).catch(() => undefined); };
  useEffect(() => {
    if (pollMs > 0) refresh();
    const timer = pollMs > 0 ? setInterval(refresh, pollMs) : undefined;
    let es: EventSource | null = null;
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(api.eventsUrl());
      es.addEventListener('overlay', e => {
        try { const o = JSON.parse((e as MessageEvent).data); if (Array.isArray(o?.tracks)) setOverlay(o); } catch { /* malformed frame: keep the last */ }
      });
      es.addEventListener('counts', e => { try { setCounts(JSON.parse((e as MessageEvent).data)); } catch { /* keep the last */ } });
      // The drawn rules, at connection and whenever they change (saved on another page or browser).
      es.addEventListener('rules', e => { try { setRules(JSON.parse((e as MessageEvent).data)); } catch { /* keep the last */ } });
    }
    return () => { clearInterval(timer); es?.close(); };
  }, []);
  return { counts, overlay, rules, refresh };
}
