// Patches wasm-bindgen's generated glue (pkg/*/eql.js) so that objects made
// before a panic can never touch the fresh instance that replaces the old
// one. wasm-bindgen (0.2.130) schedules the reinit when the panic hook asks,
// but performs it lazily inside the next call — after that call's stale-object
// check — and `free()` has no check at all. So:
//   1. the instance id moves on as soon as a reinit is scheduled, so the
//      stale check of the next call already sees the old object as stale;
//   2. `free()` of a stale object only forgets it;
//   3. the stale-object error is an EqlError with code `internal.stale_handle`.
// Every pattern must match, or the build fails (a new wasm-bindgen version
// must be looked at again).
import { readFileSync, writeFileSync } from 'node:fs';

const STALE = 'this.__wbg_inst !== undefined && this.__wbg_inst !== __wbg_instance_id';
const MESSAGE = 'this object was created before a panic reset the module; create it again';
const patches = [
  ['__wbg_reinit_scheduled = true;', '__wbg_reinit_scheduled = true;\n            __wbg_instance_id++;'],
  [
    /free\(\) \{\n(\s+)const ptr = this.__destroy_into_raw\(\);\n/g,
    (_, indent) => `free() {\n${indent}const stale = ${STALE};\n${indent}const ptr = this.__destroy_into_raw();\n${indent}if (stale) return;\n`,
  ],
  [
    "throw new Error('Invalid stale object from previous Wasm instance');",
    `throw Object.assign(new Error('${MESSAGE}'), { name: 'EqlError', code: 'internal.stale_handle', details: { message: '${MESSAGE}' } });`,
  ],
];

for (const file of process.argv.slice(2)) {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of patches) {
    const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(from) ?? []).length;
    if (count === 0) throw new Error(`${file}: glue pattern not found: ${from}`);
    text = typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
  }
  writeFileSync(file, text);
}
