// Live data from the server: counts (polled, and pushed on SSE "counts") and the overlay of
// tracks (SSE "overlay"). EventSource reconnects by itself when the server restarts.
import { useEffect, useState } from 'preact/hooks';
import { api, type LiveCounts } from './api';
import type { Overlay } from './drawing/overlay';

export function useLive(pollMs = 1000): { counts: LiveCounts | null; overlay: Overlay | null; refresh: () => void } {
  const [counts, setCounts] = useState<LiveCounts | null>(null);
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const refresh = () => { api.counts().then(setCounts).catch(() => undefined); };
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, pollMs);
    let es: EventSource | null = null;
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(api.eventsUrl());
      es.addEventListener('overlay', e => { try { setOverlay(JSON.parse((e as MessageEvent).data)); } catch { /* malformed frame: keep the last */ } });
      es.addEventListener('counts', e => { try { setCounts(JSON.parse((e as MessageEvent).data)); } catch { /* keep the last */ } });
    }
    return () => { clearInterval(timer); es?.close(); };
  }, []);
  return { counts, overlay, refresh };
}
