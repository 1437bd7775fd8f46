// `CompiledModel.scoreMany` in Node against the native criterion figures of
// the same run: the bundled sample leads repeated to N (each its own id),
// the sample model, as a web app's lead list would be.
//
//   node bench/score_many.mjs            # Node only (needs `npm run build`)
//   node bench/score_many.mjs --native   # also runs the criterion benches
//                                        # qualify/sample_* and prints ratios
//
// Best of 5 runs per form; the list is built once, outside the timing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const eql = require('../pkg/node/eql.js');
const root = fileURLToPath(new URL('../../', import.meta.url));
const sample = `${root}data/sample/`;
const job = JSON.parse(readFileSync(`${sample}job.json`, 'utf8'));
const base = JSON.parse(readFileSync(sample + job.leads, 'utf8'));
const model = new eql.CompiledModel(eql.parseModel(readFileSync(sample + job.model, 'utf8')));

const list = (n) => Array.from({ length: n }, (_, i) => ({ ...base[i % base.length], id: `L-${i}` }));

function best(f, runs = 5) {
  let ms = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

const rows = [];
for (const n of [1_000, 10_000, 100_000]) {
  const leads = list(n);
  for (const explain of [false, true]) {
    if (explain && n > 10_000) continue;
    const ms = best(() => model.scoreMany(leads, job.as_of, { explain }), n > 10_000 ? 2 : 5);
    rows.push({ what: `scoreMany ${explain ? 'explained' : 'compact'}`, n, ms });
  }
}
{
  const leads = list(1_000);
  const ms = best(() => leads.forEach((l) => model.score(l, job.as_of)));
  rows.push({ what: 'score one by one', n: 1_000, ms });
}
model.free();

const perSec = (n, ms) => (n / ms) * 1000;
console.log('| call | leads | time | leads/s |');
console.log('|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.what} | ${r.n} | ${r.ms.toFixed(1)} ms | ${Math.round(perSec(r.n, r.ms))} |`);
}

if (process.argv.includes('--native')) {
  const names = ['sample_rows_10k', 'sample_json_compact_10k', 'sample_json_explained_10k'];
  const r = spawnSync('cargo', ['bench', '-q', '-p', 'eql-benches', '--bench', 'qualify', '--', 'sample_'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const native = {};
  for (const name of names) {
    const est = JSON.parse(readFileSync(`${root}target/criterion/qualify/${name}/new/estimates.json`, 'utf8'));
    native[name] = perSec(10_000, est.mean.point_estimate / 1e6);
  }
  const node = (what) => {
    const row = rows.find((x) => x.what === what && x.n === 10_000);
    return perSec(row.n, row.ms);
  };
  console.log('\nnative (criterion, same run): leads/s');
  for (const name of names) console.log(`  ${name}: ${Math.round(native[name])}`);
  const ratio = (a, b) => (a / b).toFixed(3);
  console.log('\nratios at 10 000 leads (Node / native):');
  console.log(`  compact scoreMany / native row kernel (parsed leads): ${ratio(node('scoreMany compact'), native.sample_rows_10k)}`);
  console.log(`  compact scoreMany / native score_many_json compact:   ${ratio(node('scoreMany compact'), native.sample_json_compact_10k)}`);
  console.log(`  explained scoreMany / native score_many_json explained: ${ratio(node('scoreMany explained'), native.sample_json_explained_10k)}`);
}
