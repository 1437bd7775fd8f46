// The EQL calculator page in a real browser (Debian chromium driven by
// playwright-core): edit a field, check the shown score is the one the core
// gives, check an invalid model shows its error, save a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

import { loadBuilds } from './builds.mjs';
import { serve } from '../scripts/serve.mjs';

const CHROMIUM = process.env.EQL_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];
const SCREENSHOT = new URL('../test-output/calculator.png', import.meta.url);

test('EQL calculator page', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
  const { node: eql } = await loadBuilds();
  const server = await serve(0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/www/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

    // The page shows what the core computes for the prefilled model and lead.
    const model = JSON.parse(await page.inputValue('#model'));
    const lead = JSON.parse(await page.inputValue('#lead'));
    const asOf = await page.inputValue('#as-of');
    const before = eql.qualify(model, lead, asOf);
    assert.equal(await page.textContent('#total'), String(before.total));
    assert.equal(await page.textContent('#stage'), before.stage);
    assert.equal(await page.locator('#rules tr').count(), before.contributions.length);

    // Edit a field: an employee count that changes the score.
    const candidates = [10, 500, 100000, 1000, 50];
    const employees = candidates.find((n) => {
      const changed = { ...lead, company: { ...lead.company, employees: n } };
      return eql.qualify(model, changed, asOf).total !== before.total;
    });
    assert.ok(employees !== undefined, 'no employee count changes the score');
    const after = eql.qualify(model, { ...lead, company: { ...lead.company, employees } }, asOf);
    await page.fill('#employees', String(employees));
    await page.waitForFunction((t) => document.getElementById('total').textContent === t, String(after.total));
    assert.equal(await page.textContent('#fit'), String(after.fit));
    assert.equal(await page.textContent('#stage'), after.stage);
    assert.notEqual(after.total, before.total);

    // The 40/40/20 bar: one segment per kept touch, credits from the core.
    const journey = JSON.parse(await page.inputValue('#journey'));
    const split = eql.attribute(journey, { type: 'partner_influence' });
    assert.equal(await page.locator('#attribution-bar > div').count(), split.order.length);
    const credits = await page.locator('#attribution tr td:nth-child(5)').allTextContents();
    assert.deepEqual(credits, split.credits.map((c) => `${c} ${split.currency}`));

    // An invalid model shows the error's code and message.
    const bad = structuredClone(model);
    bad.fit.rules[0].op = 'bigger';
    await page.fill('#model', JSON.stringify(bad, null, 2));
    await page.waitForSelector('#error:not([hidden])');
    const shown = await page.textContent('#error');
    assert.match(shown, /^model\.unknown_operator: /);
    assert.match(shown, /bigger/);

    mkdirSync(new URL('.', SCREENSHOT), { recursive: true });
    // Back to a valid model for a readable screenshot, with the error test done.
    await page.fill('#model', JSON.stringify(model, null, 2));
    await page.waitForSelector('#error', { state: 'hidden' });
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
    console.log(`screenshot: ${SCREENSHOT.pathname}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
