// `CompiledModel.scoreMany` on every qualify vector and on the bundled
// sample, both builds: the explained form is exactly what `score` gives lead
// by lead, the compact form (the default) is its projection key for key, and
// a lead that fails keeps its place with the code `score` throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadBuilds } from './builds.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builds = await loadBuilds();

function suites(eql) {
  const dir = join(root, 'tests', 'vectors', 'qualify');
  const out = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const file = JSON.parse(readFileSync(join(dir, n), 'utf8'));
      return { what: n, model: file.model, registry: file.registry ?? null, asOf: file.as_of, leads: file.cases.map((c) => c.lead) };
    });
  const sample = join(root, 'data', 'sample');
  const job = JSON.parse(readFileSync(join(sample, 'job.json'), 'utf8'));
  out.push({
    what: 'data/sample',
    model: eql.parseModel(readFileSync(join(sample, job.model), 'utf8')),
    registry: null,
    asOf: job.as_of,
    leads: JSON.parse(readFileSync(join(sample, job.leads), 'utf8')),
  });
  return out;
}

const codeOf = (f) => {
  try {
    f();
    return null;
  } catch (e) {
    return e.code;
  }
};

for (const [name, eql] of Object.entries(builds)) {
  test(`scoreMany: explained = score, compact = its projection (${name} build)`, () => {
    let scored = 0;
    for (const s of suites(eql)) {
      const model = new eql.CompiledModel(s.model, s.registry);
      try {
        const compact = model.scoreMany(s.leads, s.asOf);
        const explained = model.scoreMany(s.leads, s.asOf, { explain: true });
        assert.equal(compact.length, s.leads.length, s.what);
        assert.equal(explained.length, s.leads.length, s.what);
        s.leads.forEach((lead, i) => {
          const at = `${s.what} [${i}]`;
          const code = codeOf(() => model.score(lead, s.asOf));
          if (code !== null) {
            assert.equal(compact[i].error?.code, code, at);
            assert.equal(explained[i].error?.code, code, at);
            return;
          }
          assert.equal(JSON.stringify(explained[i]), JSON.stringify(model.score(lead, s.asOf)), at);
          assert.ok(!('contributions' in compact[i]) && 'stage' in compact[i], at);
          for (const [k, v] of Object.entries(compact[i])) assert.deepEqual(v, explained[i][k], `${at} ${k}`);
          scored += 1;
        });
      } finally {
        model.free();
      }
    }
    assert.ok(scored >= 250, `only ${scored} leads scored`);
  });

  test(`scoreMany: bad leads keep their place, bad calls throw (${name} build)`, () => {
    const model = new eql.CompiledModel(eql.presetModel());
    try {
      const at = '2026-10-15T12:00:00Z';
      const items = model.scoreMany([{ id: 'a' }, { id: 7 }, 'x', { id: 'b', compnay: {} }], at);
      assert.equal(items[0].lead_id, 'a');
      assert.equal(items[1].error.code, 'input.invalid');
      assert.match(items[1].error.message, /\[1\]/);
      assert.equal(items[2].error.code, 'input.invalid');
      assert.equal(items[3].error.code, 'input.unknown_key');
      assert.throws(() => model.scoreMany({ id: 'a' }, at), (e) => e.name === 'EqlError' && e.code === 'input.invalid');
      assert.throws(() => model.scoreMany([], at, { explian: true }), (e) => e.code === 'input.unknown_key');
      assert.throws(() => model.scoreMany([], 'yesterday'), (e) => e.code === 'input.invalid_timestamp');
      assert.deepEqual(model.scoreMany([], at), []);
    } finally {
      model.free();
    }
  });
}
