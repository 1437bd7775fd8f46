// Errors carry the same `details` in JS and Python: the shared cases in
// tests/error_details.json (the Python suite runs the same file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadBuilds } from './builds.mjs';

const { cases } = JSON.parse(readFileSync(new URL('../../tests/error_details.json', import.meta.url), 'utf8'));
const builds = await loadBuilds();

for (const [name, eql] of Object.entries(builds)) {
  for (const c of cases) {
    test(`${c.js} → ${c.code} (${name} build)`, () => {
      assert.throws(() => eql[c.js](...c.args), (e) => {
        assert.equal(e.name, 'EqlError');
        assert.equal(e.code, c.code);
        assert.deepEqual(e.details, c.details);
        assert.equal(e.details.message, e.message);
        return true;
      });
    });
  }
}
