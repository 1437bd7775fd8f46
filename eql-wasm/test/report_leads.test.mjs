// The core's mapping from scored leads to the report's leads, on both
// builds: the sample gives the main job's totals, exactly as in Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadBuilds } from './builds.mjs';

const sample = fileURLToPath(new URL('../../data/sample/', import.meta.url));
const load = (name) => JSON.parse(readFileSync(join(sample, name), 'utf8'));
const AS_OF = '2026-11-16T12:00:00Z';
const builds = await loadBuilds();

for (const [name, eql] of Object.entries(builds)) {
  const model = () => new eql.CompiledModel(readFileSync(join(sample, 'model.toml'), 'utf8'));

  test(`reportLeads gives the main job's report on the sample (${name} build)`, () => {
    const leads = load('leads.json');
    const sql = load('sql.json');
    const m = model();
    const rows = m.reportLeads(leads, AS_OF, sql);
    assert.deepEqual(rows.map((r) => r.id), leads.map((l) => l.id));
    assert.deepEqual(rows.map((r) => r.stage), m.scoreMany(leads, AS_OF).map((s) => s.stage));
    assert.equal(rows.filter((r) => r.sql_at != null).length, Object.keys(sql).length);
    assert.deepEqual(rows[0].touchpoints, eql.leadTouches(leads[0]));
    const report = eql.buildReport({
      as_of: AS_OF, currency: 'USD', fx_rates: { EUR: '1.08' }, leads: rows,
      opportunities: load('opportunities.json'), costs: load('costs.json'),
    });
    const t = report.totals;
    assert.deepEqual([t.pipeline, t.partner_pipeline, t.won_arr], ['2278028.00', '1047888.00', '479700.00']);
  });

  test(`leadTouches classifies an empty channel (${name} build)`, () => {
    const lead = { id: 'L-1', touchpoints: [
      { id: 't1', at: '2026-10-01T09:00:00Z', url: 'https://x.io/?utm_source=google&utm_medium=cpc' },
      { id: 't2', at: '2026-10-02T09:00:00Z', channel: 'webinar' }] };
    assert.deepEqual(eql.leadTouches(lead).map((t) => t.channel), ['paid_search', 'webinar']);
    lead.touchpoints[0].url = 'https://x.io/?utm_source=acme&utm_medium=partner&utm_campaign=q4';
    const registry = { partners: [{ id: 'P-9', utm_sources: ['acme'] }] };
    assert.equal(eql.leadTouches(lead, registry)[0].channel, 'partner_referral');
  });

  test(`reportLeads errors name the lead, with Python's codes (${name} build)`, () => {
    const m = model();
    const code = (f) => { try { f(); } catch (e) { return [e.code, e.message]; } return null; };
    const [c1, msg1] = code(() => m.reportLeads([{ id: 'L-1' }], AS_OF));
    assert.equal(c1, 'report.missing_created_at');
    assert.match(msg1, /L-1/);
    const [c2, msg2] = code(() => m.reportLeads([{ id: 'L-1', created_at: AS_OF }], AS_OF, { 'L-1': 'yesterday' }));
    assert.match(c2, /^input\./);
    assert.match(msg2, /L-1/);
    assert.equal(code(() => m.reportLeads([{ id: 'L-1', emial: 'x' }], AS_OF))[0], 'input.unknown_key');
  });
}
