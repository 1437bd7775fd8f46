// types/eql.d.ts is generated from the core's JSON Schema: regenerate it and
// diff, check that it declares every export of both builds, and type-check a
// small consumer with `tsc --noEmit`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { loadBuilds } from './builds.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const pkg = join(here, '..');
const committed = join(pkg, 'types', 'eql.d.ts');

test('types/eql.d.ts is up to date with the core schema', () => {
  const fresh = join(mkdtempSync(join(tmpdir(), 'eql-types-')), 'eql.d.ts');
  const r = spawnSync('cargo', ['run', '-q', '-p', 'eql-wasm', '--example', 'gen_types', '--locked', '--', fresh], {
    cwd: join(pkg, '..'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  assert.equal(r.status, 0, 'gen_types failed');
  assert.equal(
    readFileSync(fresh, 'utf8'),
    readFileSync(committed, 'utf8'),
    'types/eql.d.ts is stale: run `cargo run -p eql-wasm --example gen_types -- eql-wasm/types/eql.d.ts`',
  );
});

test('types/eql.d.ts declares every export of both builds', async () => {
  const dts = readFileSync(committed, 'utf8');
  const { node, web } = await loadBuilds();
  const names = new Set([...Object.keys(node), ...Object.keys(web)]);
  for (const name of names) {
    if (name.startsWith('__')) continue; // test hooks and wasm-bindgen internals
    const declared = new RegExp(`export (default )?(function|class) ${name}\\b`).test(dts);
    assert.ok(declared || (name === 'default' && /export default function/.test(dts)), `${name} is not declared`);
  }
});

test('tsc --noEmit type-checks a consumer', () => {
  const tsc = join(pkg, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(here, 'ts', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
