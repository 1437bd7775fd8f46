// Loads both builds of the package: the Node build (CommonJS) and the web
// build (ES module, initialised synchronously from the .wasm bytes).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function loadBuilds() {
  const node = require('../pkg/node/eql.js');
  const web = await import('../pkg/web/eql.js');
  web.initSync({ module: readFileSync(new URL('../pkg/web/eql_bg.wasm', import.meta.url)) });
  return { node, web };
}

/** JSON with object keys sorted, as serde_json writes a `Value` (BTreeMap). */
export function canonical(value) {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}
