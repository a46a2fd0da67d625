// End-to-end browser tests of the web GUI against the real server on the simulator.
// playwright-core drives Debian's /usr/bin/chromium (never a downloaded browser) with a fresh
// profile; the server is started on free loopback ports with a temporary data directory and is
// always killed. Steps run in order (each depends on the state the earlier ones leave); waits are
// on conditions with generous deadlines, never fixed sleeps. Screenshots: BUILD_DIR/e2e-artifacts/.
//   node tests/e2e/run.mjs --build-dir build/ci --web-root web/dist
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'web/package.json'));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const buildDir = path.resolve(args['build-dir'] ?? 'build/ci');
const webRoot = path.resolve(args['web-root'] ?? path.join(repo, 'web/dist'));
const artifacts = path.join(buildDir, 'e2e-artifacts');
const binary = path.join(buildDir, 'src/app/headcount');
const chromiumPath = process.env.HC_CHROMIUM ?? '/usr/bin/chromium';
const kAdminPassword = 'Admin1234!';
const kViewer = { name: 'viewer1', password: 'Viewer1234' };
const kLineName = 'Doorway';
// The detection line in fractions of the image size: across the image centre, drawn left to right,
// as the simulator's own default line (docs/simulator.md: people walk along image v; +v is "in").
const kLine = [[0.05, 0.5], [0.95, 0.5]];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Polls `fn` until it returns a truthy value or the deadline passes; the last error is reported.
 *  An error marked `fatal` (the server died) ends the wait at once. */
async function waitFor(what, fn, timeoutMs = 60000, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (e) { if (e.fatal) throw e; last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

const results = [];
let server = null;
let serverLog = '';
let browser = null;
let currentPage = null; // for a screenshot of the state a failing step left
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-e2e-'));

function killServer() {
  if (server && server.exitCode === null) {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    const pid = server.pid;
    setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 3000).unref();
  }
}
process.on('exit', killServer);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killServer(); process.exit(130); });

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push({ name, ok: false, error: e.message });
    console.log(`  FAIL  ${name}: ${e.message}`);
    try { await currentPage?.screenshot({ path: path.join(artifacts, `failed-${results.length}.png`), fullPage: true }); } catch { /* page gone */ }
  }
}

/** Waits for the report chart, or fails at once with what the page says when it shows an error
 *  (e.g. the server has no report store) instead of waiting for the timeout. */
async function reportChart(page) {
  const chart = page.getByTestId('report-chart-box').locator('canvas');
  const error = page.locator('.report [role=alert]');
  await chart.or(error).first().waitFor();
  if (await error.count()) throw new Error(`the report page says: ${await error.first().textContent()}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  if (!fs.existsSync(binary)) throw new Error(`${binary} not found: build the app first (cmake --build --preset ci --target headcount)`);
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html not found: run bash scripts/web.sh build`);
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  server = spawn(binary, ['run', '--data-dir', path.join(tmp, 'data'), '--http-port', String(httpPort), '--https-port', String(httpsPort), '--web-root', webRoot],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', d => { serverLog += d; });
  server.stderr.on('data', d => { serverLog += d; });
  await waitFor('the server to answer on ' + base, async () => {
    if (server.exitCode !== null) throw Object.assign(new Error(`server exited with ${server.exitCode}: ${serverLog.slice(-800)}`), { fatal: true });
    const r = await fetch(base + '/');
    return r.ok;
  }, 60000);

  const profile = path.join(tmp, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, acceptDownloads: true, viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  browser = context;
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30000);
  currentPage = page;
  page.on('dialog', d => d.accept());

  await step('activation: password rules, security questions, privacy', async () => {
    await page.goto(base + '/');
    await page.getByTestId('page-activation').waitFor();
    await page.getByTestId('password').fill('short');
    if ((await page.getByTestId('rule-length').getAttribute('data-ok')) !== 'false') throw new Error('length rule not shown as unmet');
    await page.getByTestId('password').fill(kAdminPassword);
    await page.getByTestId('confirm').fill(kAdminPassword);
    for (let i = 0; i < 3; ++i) await page.getByTestId(`answer-${i}`).fill(`answer${i}`);
    await shot(page, '01-activation');
    await page.getByTestId('activate').click();
    await page.getByTestId('page-login').waitFor();
    await shot(page, '02-login');
  });

  await step('forgot password shows the three security questions', async () => {
    await page.getByTestId('forgot').click();
    await page.getByTestId('page-forgot').waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('answer-2').waitFor();
    await shot(page, '02b-forgot-password');
    await page.getByText('Back to login').click();
  });

  const login = async (user, password) => {
    await page.getByTestId('page-login').waitFor();
    await page.getByTestId('username').fill(user);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('login').click();
    await page.getByTestId('page-dashboard').waitFor();
  };

  await step('login as admin', async () => {
    await page.getByTestId('password').fill('wrong-password1');
    await page.getByTestId('login').click();
    await page.getByRole('alert').waitFor();
    await login('admin', kAdminPassword);
  });

  await step('rule: draw a line across the doorway with the mouse', async () => {
    await page.goto(base + '/#/rule');
    await page.getByTestId('add-line').waitFor();
    // Start from no lines (a device may come with a default one) so ours is lines[0].
    while (await page.getByTestId('line-row').count()) {
      await page.getByTestId('line-row').first().getByRole('button', { name: 'Delete' }).click();
    }
    await page.getByTestId('add-line').click();
    const canvas = page.getByTestId('live-canvas');
    await canvas.waitFor();
    const size = await canvas.evaluate(c => ({ w: c.width, h: c.height }));
    const box = await canvas.boundingBox();
    const at = (u, v) => [box.x + (u / size.w) * box.width, box.y + (v / size.h) * box.height];
    // Everyone walking through the simulated doorway crosses the centre line.
    const [a, b] = kLine.map(([u, v]) => [u * size.w, v * size.h]);
    await page.mouse.click(...at(...a));
    await page.mouse.click(...at(...b));
    await page.mouse.click(...at(...b), { button: 'right' });
    await page.getByTestId('flip').click();
    await page.getByTestId('flip').click();
    await page.getByTestId('finish-shape').click();
    await page.getByTestId('rename').click();
    await page.getByTestId('rename-input').fill(kLineName);
    await page.getByTestId('rename-input').blur();
    await page.getByTestId('save-rules').click();
    await page.getByText('Saved').waitFor();
    await shot(page, '03-rule');
  });

  await step('rule: drag the whole line and a vertex, flip direction; saved points follow', async () => {
    const canvas = page.getByTestId('live-canvas');
    const size = await canvas.evaluate(c => ({ w: c.width, h: c.height }));
    const box = await canvas.boundingBox();
    const at = (u, v) => [box.x + (u / size.w) * box.width, box.y + (v / size.h) * box.height];
    const [a, b] = kLine.map(([u, v]) => [u * size.w, v * size.h]);
    const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const dy = Math.round(size.h * 0.03); // less than the room left below the end vertex
    // Saves, then waits until the stored line satisfies `ok` (the PUT may still be in flight).
    const saved = async (what, ok) => {
      await page.getByTestId('save-rules').click();
      let last = null;
      try {
        return await waitFor(what, async () => {
          last = (await (await page.request.get(`${base}/api/v1/config/rules`)).json()).lines?.[0]?.points;
          return last && ok(last) && last;
        }, 15000);
      } catch (e) { throw new Error(`${e.message}; stored points ${JSON.stringify(last)}`); }
    };
    const drag = async (from, to) => {
      await page.mouse.move(...at(...from));
      await page.mouse.down();
      await page.mouse.move(...at(...to), { steps: 5 });
      await page.mouse.up();
    };
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await drag(mid, [mid[0], mid[1] + dy]); // the whole line down
    await drag([b[0], b[1] + dy], b); // its end vertex back up
    await page.getByTestId('finish-shape').click();
    const near = (a, b) => Math.abs(a - b) <= 2;
    const pts = await saved('the dragged line to be stored', p => near(p[0][0], a[0]) && near(p[0][1], a[1] + dy) && near(p[1][0], b[0]) && near(p[1][1], b[1]));
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByTestId('flip').click();
    await page.getByTestId('finish-shape').click();
    await saved('the flipped line to be stored (points reversed)', p => JSON.stringify(p) === JSON.stringify([...pts].reverse()));
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByTestId('flip').click();
    await page.getByTestId('finish-shape').click();
    await saved('the line flipped back to be stored', p => JSON.stringify(p) === JSON.stringify(pts));
  });

  await step('rule: at most 4 segments per line and 4 lines, with messages', async () => {
    await page.goto(base + '/#/rule');
    await page.getByTestId('line-row').first().waitFor();
    const canvas = page.getByTestId('live-canvas');
    const size = await canvas.evaluate(c => ({ w: c.width, h: c.height }));
    const box = await canvas.boundingBox();
    const at = (u, v) => [box.x + (u / size.w) * box.width, box.y + (v / size.h) * box.height];
    const draw = async (n, v) => {
      for (let i = 0; i < n; ++i) await page.mouse.click(...at(size.w * (0.1 + 0.15 * i), size.h * v + (i % 2) * 20));
      await page.mouse.click(...at(10, 10), { button: 'right' });
      await page.getByTestId('finish-shape').click();
    };
    await page.getByTestId('add-line').click();
    for (let i = 0; i < 6; ++i) await page.mouse.click(...at(size.w * (0.1 + 0.15 * i), size.h * 0.2 + (i % 2) * 20));
    await page.getByTestId('rule-message').filter({ hasText: 'At most 4 segments' }).waitFor();
    await page.mouse.click(...at(10, 10), { button: 'right' });
    await page.getByTestId('finish-shape').click();
    await page.getByTestId('add-line').click();
    await draw(2, 0.3);
    await page.getByTestId('add-line').click();
    await draw(3, 0.8);
    await page.getByTestId('add-line').click();
    await page.getByTestId('rule-message').filter({ hasText: 'At most 4 detection lines' }).waitFor();
    if ((await page.getByTestId('line-row').count()) !== 4) throw new Error('expected 4 lines in the list');
    await shot(page, '03b-rule-limits');
    await page.reload(); // discard the unsaved extra lines
    await page.getByTestId('line-row').first().waitFor();
    if ((await page.getByTestId('line-row').count()) !== 1) throw new Error('the saved rules should hold one line');
  });

  await step('dashboard: the line\'s in/out counts rise; reset count clears them', async () => {
    await page.goto(base + '/#/dashboard');
    const card = page.locator(`[data-testid=line-count][data-name="${kLineName}"]`);
    await card.waitFor();
    // The demo entrance counts about a crossing a second: from a single count the reset's 0 can be
    // replaced by the next crossing before a poll sees it, so the reset is checked from several.
    await waitFor('in + out >= 4 on the dashboard', async () => {
      const i = Number(await card.getByTestId('count-in').textContent());
      const o = Number(await card.getByTestId('count-out').textContent());
      return i + o >= 4;
    }, 150000, 500);
    await shot(page, '04-dashboard');
    const sum = async () => Number(await card.getByTestId('count-in').textContent()) + Number(await card.getByTestId('count-out').textContent());
    const before = await sum();
    await page.getByTestId('reset-count').click(); // the confirmation dialog is accepted by the handler
    await waitFor('the counts to drop after Reset Count', async () => (await sum()) < before, 30000, 200);
  });

  await step('dashboard: live preview (MJPEG) with the tracks drawn over it', async () => {
    await page.goto(base + '/#/dashboard');
    const img = page.getByTestId('preview-image');
    await waitFor('a preview picture', async () => (await img.evaluate(i => i.naturalWidth)) > 0, 30000);
    await waitFor('tracks on the live canvas (SSE overlay)', async () => Number(await page.getByTestId('live-canvas').getAttribute('data-tracks')) > 0, 30000, 200);
    await shot(page, '04b-dashboard-overlay');
  });

  await step('report: chart and CSV with the line', async () => {
    await page.goto(base + '/#/report');
    await page.getByTestId('report-target').selectOption({ label: kLineName });
    await page.getByTestId('report-search').click();
    await reportChart(page);
    await page.getByTestId('report-chart').selectOption('bar');
    await reportChart(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    if (!(await download.suggestedFilename()).endsWith('.png')) throw new Error('chart download is not a PNG');
    const href = await page.getByTestId('report-csv').getAttribute('href');
    const csv = await (await page.request.get(new URL(href, base + '/').toString())).text();
    fs.writeFileSync(path.join(artifacts, 'report.csv'), csv);
    const uuid = (await (await page.request.get(`${base}/api/v1/config/rules`)).json()).lines?.[0]?.uuid;
    if (!csv.includes(kLineName) && !(uuid && csv.includes(uuid))) throw new Error(`CSV names neither ${kLineName} nor its uuid: ${csv.slice(0, 300)}`);
    if (csv.trim().split('\n').length < 2) throw new Error('CSV has no data row');
    await shot(page, '05-report');
  });

  await step('rule: U-turn area and a region with advanced properties', async () => {
    await page.goto(base + '/#/rule');
    await page.getByTestId('line-row').first().waitFor();
    const canvas = page.getByTestId('live-canvas');
    const size = await canvas.evaluate(c => ({ w: c.width, h: c.height }));
    const box = await canvas.boundingBox();
    const at = (u, v) => [box.x + (u / size.w) * box.width, box.y + (v / size.h) * box.height];
    const polygon = async (pts) => {
      for (const [u, v] of pts) await page.mouse.click(...at(u * size.w, v * size.h));
      await page.mouse.click(...at(pts[0][0] * size.w, pts[0][1] * size.h), { button: 'right' });
      await page.getByTestId('finish-shape').click();
    };
    await page.getByText('U-turn Filtering').click();
    await page.getByRole('button', { name: 'Edit U-turn area' }).first().click();
    await polygon([[0.02, 0.3], [0.98, 0.3], [0.98, 0.7], [0.02, 0.7]]);
    await page.getByTestId('region-monitoring').check();
    await page.getByTestId('add-region').click();
    await polygon([[0.1, 0.1], [0.4, 0.1], [0.4, 0.4], [0.1, 0.4]]);
    await page.getByText('Dwell Time Detection').click();
    await shot(page, '03c-rule-uturn-region');
    await page.getByTestId('save-rules').click();
    await waitFor('the U-turn area and the region to be stored', async () => {
      const r = await (await page.request.get(`${base}/api/v1/config/rules`)).json();
      return r.uturn_filtering && r.lines[0].uturn_area.length === 4 && r.region_monitoring && r.regions.length === 1
        && r.regions[0].points.length === 4 && r.regions[0].dwell_time.enabled;
    }, 15000);
  });

  await step('other admin pages render', async () => {
    for (const [id, n] of [['communication', '06'], ['image', '07'], ['system', '08']]) {
      await page.goto(`${base}/#/${id}`);
      await page.getByTestId(`page-${id}`).waitFor();
      await page.getByTestId(`save-${id}`).waitFor();
      await shot(page, `${n}-${id}`);
    }
    await page.goto(`${base}/#/communication`);
    await page.getByTestId('add-recipient').click();
    await page.getByText('Content Customisation').waitFor();
    await shot(page, '06b-communication-recipient');
  });

  await step('system: add a viewer', async () => {
    await page.goto(base + '/#/system');
    await page.getByTestId('viewer-name').fill(kViewer.name);
    await page.getByTestId('viewer-password').fill(kViewer.password);
    await page.getByTestId('viewer-confirm').fill(kViewer.password);
    await page.getByTestId('add-viewer').click();
    await page.locator('[data-testid=user-row]', { hasText: kViewer.name }).waitFor();
  });

  await step('viewer sees only Dashboard and Report (and can run a report)', async () => {
    await page.getByTestId('logout').click();
    await login(kViewer.name, kViewer.password);
    for (const id of ['rule', 'communication', 'image', 'system']) {
      if (await page.getByTestId(`nav-${id}`).count()) throw new Error(`viewer sees the ${id} link`);
    }
    await page.getByTestId('nav-report').waitFor();
    for (const id of ['rule', 'system']) {
      await page.goto(`${base}/#/${id}`);
      await page.getByTestId('page-dashboard').waitFor();
    }
    // With the viewer's own CSRF token, so that the refusal is the role check and not CSRF.
    const csrf = (await page.context().cookies()).find(c => c.name === 'hc_csrf')?.value ?? '';
    const r = await page.request.put(`${base}/api/v1/config/rules`, { data: {}, headers: { 'X-CSRF-Token': csrf } });
    if (r.status() !== 401 && r.status() !== 403) throw new Error(`viewer PUT /config/rules answered ${r.status()}`);
    await shot(page, '09-viewer-dashboard');
    await page.goto(`${base}/#/report`);
    await page.getByTestId('report-target').selectOption({ label: kLineName });
    await page.getByTestId('report-search').click();
    await reportChart(page);
    await shot(page, '10-viewer-report');
  });
}

let fatal = null;
try { await main(); } catch (e) { fatal = e; }
try { await browser?.close(); } catch { /* already closed */ }
killServer();
fs.writeFileSync(path.join(artifacts, 'server.log'), serverLog);
fs.writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
if (fatal) {
  console.log(`  FAIL  setup: ${fatal.message}`);
  results.push({ name: 'setup', ok: false });
}
const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
