// Bad input gives a thrown `Error` with `name`, a stable `code` and
// `details`, never a string; a panic leaves the module usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadBuilds } from './builds.mjs';

const builds = await loadBuilds();
const model = JSON.parse(readFileSync(new URL('../../tests/vectors/qualify/seed_three_sources.json', import.meta.url), 'utf8'));
const AS_OF = model.as_of;
const LEAD = { id: 'L-1', email: 'ana@acme.co.uk', company: { employees: 420 } };

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

function assertEqlError(e, code) {
  assert.ok(e instanceof Error, `thrown value is not an Error: ${String(e)}`);
  assert.equal(e.name, 'EqlError');
  assert.equal(e.code, code, e.message);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  assert.equal(typeof e.details, 'object');
  assert.equal(e.details.message, e.message);
}

for (const [name, eql] of Object.entries(builds)) {
  test(`errors are Error objects with codes (${name} build)`, () => {
    const cases = [
      // invalid model JSON text, unknown operator, unknown key
      [() => eql.qualify('{"id": ', LEAD, AS_OF), 'model.parse'],
      [() => eql.qualify({ ...model.model, fit: { rules: [{ id: 'r', field: 'company.employees', op: 'bigger', value: 1, points: 5 }] } }, LEAD, AS_OF), 'model.unknown_operator'],
      [() => eql.qualify({ ...model.model, thresold: 70 }, LEAD, AS_OF), 'model.unknown_key'],
      // wrong types, missing fields, numbers where decimal strings are expected
      [() => eql.qualify(model.model, { id: 7 }, AS_OF), 'input.invalid'],
      [() => eql.qualify(model.model, { email: 'a@b.co' }, AS_OF), 'input.invalid'],
      [() => eql.qualify(model.model, { id: 'L', company: { annual_revenue: 12000000 } }, AS_OF), 'input.invalid_money'],
      [() => eql.qualify(model.model, { id: 'L', compnay: {} }, AS_OF), 'input.unknown_key'],
      [() => eql.qualify(model.model, LEAD, 'yesterday'), 'input.invalid_timestamp'],
      [() => eql.qualify(model.model, LEAD, 42), 'input.invalid'],
      [() => eql.qualify(model.model, LEAD, AS_OF, { allow: true }), 'input.unknown_key'],
      [() => eql.qualify(model.model, () => 1, AS_OF), 'input.invalid'],
      [() => eql.qualify(model.model, 10n, AS_OF), 'input.invalid'],
      [() => eql.attribute({ touchpoints: [], conversion: { at: AS_OF, amount: '1.00', currency: 'USD' } }, { type: 'linear' }), 'attribution.empty_journey'],
      [() => eql.attribute({ touchpoints: [{ id: 'T', at: AS_OF }], conversion: { at: AS_OF, amount: 1000, currency: 'USD' } }, { type: 'linear' }), 'input.invalid_money'],
      [() => eql.dedupKey('not-an-email', null), 'email.invalid'],
      [() => eql.dedupKey(42, null), 'input.invalid'],
      [() => eql.classifyTouch('not a url', null, null), 'url.invalid'],
      // huge inputs hit documented limits
      [() => eql.qualify(model.model, { id: 'L', events: Array.from({ length: 200_000 }, () => ({ type: 'x', at: AS_OF })) }, AS_OF), 'input.too_large'],
    ];
    for (const [f, code] of cases) assertEqlError(thrown(f), code);
  });

  test(`details carry the error's structured fields (${name} build)`, () => {
    const op = thrown(() => eql.qualify({ ...model.model, fit: { rules: [{ id: 'fit.x', field: 'company.employees', op: 'bigger', value: 1, points: 5 }] } }, LEAD, AS_OF));
    assert.deepEqual(op.details, { rule: 'fit.x', field: 'company.employees', op: 'bigger', message: op.message });
    const key = thrown(() => eql.qualify(model.model, { id: 'L', compnay: {} }, AS_OF));
    assert.equal(key.details.key, 'compnay');
    assert.equal(typeof key.details.path, 'string');
    // The same code and key as Python's `route` (eql-py/tests/test_report_routing.py).
    const routed = thrown(() => eql.routeLead({ queues: [{ id: 'q', reps: [{ id: 'a', weight: 1 }] }] }, { lead_id: 'x', regoin: 'EMEA' }));
    assert.equal(routed.code, 'input.unknown_key');
    assert.equal(routed.details.key, 'regoin');
    const big = thrown(() => eql.attribute({ touchpoints: [{ id: 'T', at: AS_OF }], conversion: { at: AS_OF, amount: '1.005', currency: 'USD' } }, { type: 'linear' }));
    assert.equal(big.code, 'attribution.amount_too_precise');
    assert.deepEqual(big.details, { amount: '1.005', currency: 'USD', minor_units: 2, message: big.message });
    const empty = thrown(() => eql.attribute({ touchpoints: [], conversion: { at: AS_OF, amount: '1.00', currency: 'USD' } }, { type: 'linear' }));
    assert.deepEqual(empty.details, { message: empty.message });
  });

  test(`a panic throws an EqlError and the next call works (${name} build)`, () => {
    const before = eql.dedupKey('ana@eu.acme.co.uk', 'P-7');
    const old = new eql.CompiledModel(model.model);
    for (let i = 0; i < 3; i++) {
      const e = thrown(() => eql.__testPanic());
      assertEqlError(e, 'internal.panic');
      assert.match(e.message, /deliberate panic/);
      if (i === 0) {
        // An object from before the panic is refused, never used on (or
        // freed into) the fresh instance.
        for (let k = 0; k < 2; k++) {
          assertEqlError(thrown(() => old.score(model.cases[0].lead, AS_OF)), 'internal.stale_handle');
        }
        old.free();
      }
      // A call after the failing one works, and so does a failing call.
      assert.equal(eql.dedupKey('ana@eu.acme.co.uk', 'P-7'), before);
      assertEqlError(thrown(() => eql.dedupKey('nope', null)), 'email.invalid');
      const compiled = new eql.CompiledModel(model.model);
      assert.equal(compiled.score(model.cases[0].lead, AS_OF).lead_id, model.cases[0].lead.id);
      compiled.free();
    }
  });
}
