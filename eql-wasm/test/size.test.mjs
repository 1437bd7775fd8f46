// The size budget of the web build (STYLE 13): the gzipped .wasm a browser
// downloads. See docs/wasm.md for what it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGET_GZIP_BYTES = 1100 * 1024;

test(`web build .wasm is at most ${BUDGET_GZIP_BYTES} bytes gzipped`, () => {
  const bytes = readFileSync(new URL('../pkg/web/eql_bg.wasm', import.meta.url));
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`eql_bg.wasm: ${bytes.length} bytes, ${gz} bytes gzipped (budget ${BUDGET_GZIP_BYTES})`);
  assert.ok(gz <= BUDGET_GZIP_BYTES, `${gz} bytes gzipped is over the budget of ${BUDGET_GZIP_BYTES}`);
});
