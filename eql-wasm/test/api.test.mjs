// Every export not covered by the golden vectors, once, on both builds:
// the binding passes canonical JSON through and returns the core's shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadBuilds } from './builds.mjs';

const AS_OF = '2026-11-16T12:00:00Z';
const builds = await loadBuilds();

// A decimal string as an integer number of 10^-places units (exact sums).
const units = (s, places) => {
  const [int, frac = ''] = s.split('.');
  return BigInt(int + frac.padEnd(places, '0'));
};
const sum = (xs, places) => xs.reduce((a, x) => a + units(x, places), 0n);

for (const [name, eql] of Object.entries(builds)) {
  test(`hygiene exports (${name} build)`, () => {
    const a = { id: 'L-1', email: 'ana@eu.acme.co.uk', updated_at: '2026-10-01T09:00:00Z', partner: { id: 'P-7' } };
    const b = { id: 'L-2', email: 'bo@acme.co.uk', updated_at: '2026-11-10T09:00:00Z', company: { name: 'Acme' }, partner: { id: 'P-7' } };
    const c = { id: 'L-3', email: 'cy@other.example', updated_at: '2026-11-15T09:00:00Z' };
    assert.equal(eql.leadKey(a), 'acme.co.uk|P-7');
    const report = eql.mergeLeads([a, b, c]);
    assert.equal(report.groups.length, 2);
    assert.deepEqual(report.groups[0].member_ids, ['L-1', 'L-2']);
    assert.equal(report.groups[0].merged.company.name, 'Acme');
    const violations = eql.validateLead(c);
    assert.deepEqual(violations.map((v) => v.field), ['partner.source', 'partner.program_tier', 'partner.referral_date']);
    assert.deepEqual(eql.validateLead(c, { mandatory: ['email'] }), []);
    const stale = eql.staleCandidates([a, b, c], AS_OF);
    assert.deepEqual(stale.map((s) => s.id), ['L-1']);
    assert.deepEqual(eql.staleCandidates([a, b, c], AS_OF, { max_age_days: 60 }), []);
  });

  test(`utm exports (${name} build)`, () => {
    const link = eql.parseUrl('https://v.example/p?utm_source=P7&utm_medium=referral&gclid=AbC');
    assert.equal(link.utm.source, 'p7');
    assert.equal(link.click_ids.gclid, 'AbC');
    const registry = { partners: [{ id: 'P-7', utm_sources: ['p7', 'seven-partners'] }] };
    const check = eql.checkLink('https://v.example/?utm_source=seven-partners&utm_medium=cpc', registry, 'P-7');
    assert.equal(check.partner_id, 'P-7');
    assert.equal(check.findings.length, 3);
    assert.equal(eql.classifyTouch('https://v.example/?utm_source=p7&utm_medium=referral', null, registry).channel, 'partner_referral');
  });

  test(`routing exports (${name} build)`, () => {
    const config = { queues: [{ id: 'emea', regions: ['EMEA'], reps: [{ id: 'A' }, { id: 'B' }] }] };
    const leads = [{ lead_id: 'L-1', region: 'EMEA' }, { lead_id: 'L-2', region: 'EMEA' }, { lead_id: 'L-3', region: 'NA' }];
    const batch = eql.routeBatch(config, leads);
    assert.deepEqual(batch.results.map((r) => r.rep_id ?? r.status), ['A', 'B', 'unassigned']);
    // The stored state continues the rotation, one lead at a time.
    const one = eql.routeLead(config, leads[0], batch.state);
    assert.equal(one.assignment.rep_id, 'A');
    assert.throws(() => eql.routeLead({ queues: [{ id: 'q', reps: [{ id: 'A', weight: 0 }] }] }, leads[0], null), (e) => e.name === 'EqlError' && e.code === 'routing.zero_weight');
    assert.equal(eql.slaDeadline(null, '2026-10-01T09:00:00Z'), '2026-10-01T11:00:00Z');
    assert.equal(eql.slaStatus(null, '2026-10-01T09:00:00Z', '2026-10-01T12:00:00Z').status, 'breached');
  });

  test(`path-table models (${name} build)`, () => {
    const table = [
      { path: 'a > b', total_conversions: 2, total_conversion_value: '30.00', total_null: 1 },
      { path: ['b'], total_conversions: 1, total_conversion_value: '10.00', total_null: 2 },
    ];
    const h = eql.heuristicModels(table);
    assert.deepEqual(h.channels.map((c) => c.channel_name), ['a', 'b']);
    assert.deepEqual(h.channels.map((c) => c.first_touch_conversions), ['2', '1']);
    assert.deepEqual(h.channels.map((c) => c.last_touch_value), ['0.00', '40.00']);
    assert.equal(h.total_conversions, '3');
    const m = eql.markovModel(table);
    assert.equal(m.order, 1);
    assert.deepEqual(m.channels.map((c) => c.channel_name), ['a', 'b']);
    assert.equal(m.total_conversions, '3');
    assert.equal(m.total_conversion_value, '40.00');
    // The channel totals add up exactly to the table's.
    assert.equal(sum(m.channels.map((c) => c.total_conversions), 10), units(m.total_conversions, 10));
    assert.equal(sum(m.channels.map((c) => c.total_conversion_value), 2), units(m.total_conversion_value, 2));
    assert.equal(m.channels[1].removal_effect, 1); // without b nothing converts
    assert.deepEqual(eql.markovModel(table, 2).order, 2);
    for (const bad of [5, 0]) {
      assert.throws(() => eql.markovModel(table, bad), (e) => e instanceof Error && e.name === 'EqlError' && e.code === 'attribution.invalid_order' && e.details.order === bad);
    }
    assert.throws(() => eql.markovModel(table, 1.5), (e) => e.code === 'input.invalid' && e.details.path === 'order');
    assert.throws(() => eql.heuristicModels([{ path: '', total_conversions: 1 }]), (e) => e.code === 'attribution.empty_path');
    assert.throws(() => eql.markovModel([{ path: 'a', total_conversions: 1, total_nul: 0 }]), (e) => e.code === 'input.unknown_key');
  });

  test(`qualification helpers (${name} build)`, () => {
    const preset = eql.presetModel();
    const compiled = new eql.CompiledModel(preset);
    assert.match(compiled.fingerprint, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(compiled.model().id, preset.id);
    const reads = compiled.reads();
    assert.ok(reads.includes('events.type') && reads.includes('id') && !reads.includes('company.name'));
    assert.deepEqual(reads, [...reads].sort());
    compiled.free();
    const toml = 'id = "m"\nversion = "1"\neffective_from = 2026-10-01\n';
    assert.deepEqual(eql.parseModel(toml).id, 'm');
    const q = eql.qualify(toml, { id: 'L-1' }, '2027-03-01T00:00:00Z', { allow_outside_window: true });
    assert.equal(q.lead_id, 'L-1');
  });
}
