// The `eql report` HTML page in a real browser (Debian chromium driven by
// playwright-core): it renders its charts with nothing fetched and no
// error, the figures match the report's JSON, and a screenshot is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.EQL_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const root = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = new URL('../test-output/report.png', import.meta.url);

test('eql report page', { timeout: 300_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
  const dir = mkdtempSync(join(tmpdir(), 'eql-report-'));
  const html = join(dir, 'report.html');
  const json = join(dir, 'report.json');
  execFileSync('cargo', ['run', '-q', '--locked', '-p', 'eql-cli', '--', 'report', 'data/sample', '-q',
    '--html', html, '--json', json], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(readFileSync(json, 'utf8'));

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = [];
    const fetched = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('request', (r) => fetched.push(r.url()));
    const url = pathToFileURL(html).href;
    await page.goto(url);
    assert.deepEqual(fetched, [url], 'the page fetches nothing but itself');

    // Four weekly trend lines, one point per week each.
    assert.equal(await page.locator('polyline.series').count(), 4);
    assert.equal(await page.locator('svg circle').count(), 4 * report.weekly.length);
    // The funnel: EQL, SQL and won bars per partner, labelled with the counts.
    for (const cls of ['eql', 'sql', 'won']) {
      assert.equal(await page.locator(`rect.${cls}`).count(), report.partners.length + 1, cls); // + legend
    }
    // The ranking: one bar per ranked partner-quarter, coloured by its band.
    const ranked = report.periods.filter((p) => p.pipeline_to_cost != null);
    const bands = await page.locator('rect.double_down, rect.hold, rect.cut').count();
    assert.equal(bands, ranked.length);
    for (const [band, colour] of [['cut', 'rgb(210, 69, 59)'], ['double_down', 'rgb(30, 155, 85)']]) {
      const n = ranked.filter((p) => p.action === band).length;
      assert.equal(await page.locator(`rect.${band}`).count(), n, band);
      if (n > 0) {
        const fill = await page.locator(`rect.${band}`).first().evaluate((e) => getComputedStyle(e).fill);
        assert.equal(fill, colour, band);
      }
    }
    // Key figures with thousands separators, as in the JSON.
    const kpis = await page.locator('.kpi b').allTextContents();
    const grouped = (s) => { const [i, f] = s.split('.'); return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`; };
    assert.equal(kpis[2], grouped(report.totals.pipeline));
    assert.equal(kpis[4], grouped(report.totals.won_arr));
    // Every chart is laid out with a real size, and nothing overflows the page.
    for (const box of await page.locator('figure svg').evaluateAll((es) => es.map((e) => e.getBoundingClientRect().width))) {
      assert.ok(box > 100, `chart width ${box}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
    assert.deepEqual(problems, []);

    mkdirSync(new URL('../test-output/', import.meta.url), { recursive: true });
    await page.screenshot({ path: fileURLToPath(SCREENSHOT), fullPage: true });
  } finally {
    await browser.close();
  }
});
