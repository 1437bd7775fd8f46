// The JavaScript examples of docs/wasm.md run against the Node build; a line
// `expr; // value` asserts that `expr` equals the JSON `value`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadBuilds } from './builds.mjs';

const doc = readFileSync(new URL('../../docs/wasm.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const { node } = await loadBuilds();

test('docs/wasm.md has JavaScript examples', () => assert.ok(blocks.length > 0));

blocks.forEach((code, i) => {
  test(`docs/wasm.md example ${i + 1}`, () => {
    const body = code
      .split('\n')
      .map((line) => {
        const m = line.match(/^(.+?);\s*\/\/\s*(".*"|-?\d+(?:\.\d+)?|true|false|null)\s*$/);
        return m ? `__check(${m[1]}, ${m[2]}, ${JSON.stringify(m[1])});` : line;
      })
      .join('\n');
    const check = (actual, expected, what) => assert.deepEqual(actual, expected, what);
    new Function('require', '__check', body)((name) => (name === 'eql' ? node : assert.fail(name)), check);
  });
});
