// The npm package's version is the crate's (lockstep versions, STYLE 12),
// and both builds report it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadBuilds } from './builds.mjs';

test('package.json version equals the crate version', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const cargo = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  const crate = cargo.match(/\[workspace\.package\][^[]*?\nversion = "([^"]+)"/)?.[1];
  assert.equal(pkg.name, 'eql');
  assert.equal(pkg.version, crate);
  const { node, web } = await loadBuilds();
  assert.equal(node.version(), crate);
  assert.equal(web.version(), crate);
});
