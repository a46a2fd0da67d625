// @vitest-environment jsdom
// The Rule page in jsdom with the API answered by a stubbed fetch: mouse drawing, limits, save body.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { RulePage } from './rule';
import { schemaDefaults } from '../validation';

let rules: Record<string, unknown>;
let puts: unknown[];

beforeEach(() => {
  rules = schemaDefaults('rules') as Record<string, unknown>;
  puts = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/config/rules') && init?.method === 'PUT') { puts.push(JSON.parse(String(init.body))); return new Response(String(init.body)); }
    if (url.endsWith('/config/rules')) return new Response(JSON.stringify(rules));
    if (url.endsWith('/config/sensor')) return new Response(JSON.stringify({ image_width: 640, image_height: 400 }));
    if (url.endsWith('/config/privacy')) return new Response(JSON.stringify({ scene_preview: 'none' }));
    return new Response('{"error":"no route"}', { status: 404 });
  }));
  // jsdom has no layout: the canvas is shown at its natural size at the origin.
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 640, height: 400, x: 0, y: 0, right: 640, bottom: 400, toJSON: () => ({}) });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => { render(null, document.body); vi.unstubAllGlobals(); vi.restoreAllMocks(); });

const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
const all = (id: string) => document.querySelectorAll(`[data-testid="${id}"]`);
const mouse = (type: string, x: number, y: number, button = 0) =>
  act(() => { q('live-canvas').dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button, bubbles: true })); });
const click = (id: string) => act(() => { q(id).click(); });

async function mount() {
  act(() => render(<RulePage />, document.body));
  await vi.waitFor(() => expect(q('add-line')).toBeTruthy());
}

describe('Rule page', () => {
  it('draws a line with left clicks and a right click, and saves its points', async () => {
    await mount();
    click('add-line');
    mouse('mousedown', 100, 200); mouse('mouseup', 100, 200);
    mouse('mousedown', 500, 200); mouse('mouseup', 500, 200);
    mouse('mousedown', 500, 200, 2);
    click('finish-shape');
    expect(all('line-row')).toHaveLength(1);
    click('save-rules');
    await vi.waitFor(() => expect(puts).toHaveLength(1));
    const saved = puts[0] as { lines: { name: string; points: number[][]; uuid: string }[] };
    expect(saved.lines[0].points).toEqual([[100, 200], [500, 200]]);
    expect(saved.lines[0].name).toBe('Line1');
    expect(saved.lines[0].uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a fifth vertex pair and a fifth line with messages', async () => {
    await mount();
    click('add-line');
    for (let i = 0; i < 6; ++i) mouse('mousedown', 50 + 80 * i, 100 + (i % 2) * 30);
    expect(q('rule-message').textContent).toBe('At most 4 segments per shape');
    mouse('mousedown', 10, 10, 2);
    click('finish-shape');
    for (let n = 0; n < 3; ++n) {
      click('add-line');
      mouse('mousedown', 50, 300 + n * 20); mouse('mousedown', 300, 300 + n * 20); mouse('mousedown', 300, 300, 2);
      click('finish-shape');
    }
    expect(all('line-row')).toHaveLength(4);
    click('add-line');
    expect(q('rule-message').textContent).toBe('At most 4 detection lines');
    expect(all('line-row')).toHaveLength(4);
  });

  it('will not save or add while a line is still being drawn', async () => {
    await mount();
    click('add-line');
    mouse('mousedown', 100, 100);
    click('add-line');
    expect(q('rule-message').textContent).toBe('Please finish drawing on the left canvas first');
    click('save-rules');
    expect(puts).toHaveLength(0);
  });
});
