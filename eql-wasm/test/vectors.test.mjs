// The golden vectors (SPEC §7) against both builds: every file under
// tests/vectors/ and $EQL_EXTRA_VECTORS, checked against `expected`, and each
// case's actual result compared byte for byte with the Rust runner's output
// (`EQL_VECTOR_OUT` of `cargo test -p eql-core --test vectors`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, basename, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { loadBuilds, canonical } from './builds.mjs';
import { subset } from './compare.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

// Rust sorts PathBufs by component; do the same so the lines line up.
function byComponents(a, b) {
  const x = a.split(sep);
  const y = b.split(sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

function vectorFiles() {
  const files = collect(join(root, 'tests', 'vectors'), []);
  if (process.env.EQL_EXTRA_VECTORS) collect(process.env.EQL_EXTRA_VECTORS, files);
  return files.sort(byComponents);
}

const err = (f) => {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof Error) || typeof e.code !== 'string') throw e;
    return { error: e.code };
  }
};

// One runner per kind, mirroring eql-core/tests/vectors/*.rs.
const runners = {
  qualify(eql, file) {
    const model = new eql.CompiledModel(file.model, file.registry ?? null);
    try {
      return file.cases.map((c, i) => ({
        name: typeof c.lead?.id === 'string' ? c.lead.id : `#${i}`,
        actual: err(() => model.score(c.lead, file.as_of)),
        expected: c.expected,
      }));
    } finally {
      model.free();
    }
  },
  attribution(eql, file) {
    return file.cases.map((c, i) => {
      const model = 'model' in c ? c.model : (file.model ?? null);
      const lookback = 'lookback_days' in c ? c.lookback_days : (file.lookback_days ?? null);
      const registry = 'registry' in c ? c.registry : (file.registry ?? null);
      const options = { lookback_days: lookback };
      if (registry !== null) options.registry = registry;
      const journey = { touchpoints: c.touchpoints, conversion: c.conversion };
      return {
        name: typeof c.name === 'string' ? c.name : `#${i}`,
        actual: err(() => eql.attribute(journey, model, options)),
        expected: c.expected,
      };
    });
  },
  dedup_key(eql, file) {
    return file.cases.map((c, i) => {
      assert.equal(typeof c.email, 'string', `case #${i}: no email string`);
      const partner = typeof c.partner_id === 'string' ? c.partner_id : null;
      return {
        name: typeof c.name === 'string' ? c.name : `#${i} ${c.email}`,
        actual: err(() => ({ key: eql.dedupKey(c.email, partner) })),
        expected: c.expected,
      };
    });
  },
  report(eql, file) {
    return file.cases.map((c, i) => {
      const name = typeof c.name === 'string' ? c.name : `#${i}`;
      assert.ok('input' in c, `${name}: no input`);
      return { name, actual: err(() => eql.buildReport(c.input)), expected: c.expected };
    });
  },
  routing(eql, file) {
    const pick = (c, key) => (key in c ? c[key] : file[key]);
    const ops = {
      sla(c) {
        assert.equal(typeof c.started_at, 'string', 'no started_at');
        const policy = pick(c, 'policy') ?? null;
        if (!('as_of' in c)) return { deadline: eql.slaDeadline(policy, c.started_at) };
        return eql.slaStatus(policy, c.started_at, c.as_of);
      },
      route(c) {
        const config = pick(c, 'config');
        assert.ok(config !== undefined, 'no config');
        let state = c.state ?? null;
        const reps = [];
        const assignments = [];
        for (const lead of c.leads) {
          const r = eql.routeLead(config, lead, state);
          reps.push(r.assignment.rep_id ?? null);
          assignments.push(r.assignment);
          state = r.state;
        }
        // No leads: the given state as the core reads it, as in Rust.
        if (c.leads.length === 0) state = eql.routeBatch(config, [], state).state;
        return { reps, assignments, state };
      },
      status_updates(c) {
        assert.ok('events' in c, 'no events');
        return { updates: eql.partnerStatusUpdates(c.events) };
      },
    };
    return file.cases.map((c, i) => {
      const op = ops[c.op];
      assert.ok(op, `case #${i}: unknown op ${c.op}`);
      return {
        name: typeof c.name === 'string' ? c.name : `#${i} ${c.op}`,
        actual: err(() => op(c)),
        expected: c.expected,
      };
    });
  },
  utm(eql, file) {
    return file.cases.map((c, i) => {
      assert.equal(typeof c.url, 'string', `case #${i}: no url string`);
      const referrer = typeof c.referrer === 'string' ? c.referrer : null;
      return {
        name: typeof c.name === 'string' ? c.name : `#${i} ${c.url}`,
        actual: err(() => eql.classifyTouch(c.url, referrer, file.registry ?? null)),
        expected: c.expected,
      };
    });
  },
};

/** One vector file's outcomes; a file of a kind no runner knows throws (never a skipped note). */
function runFile(eql, path) {
  const file = JSON.parse(readFileSync(path, 'utf8'));
  const kind = file?.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(runners, kind)) {
    throw new Error(`${path}: unknown kind ${JSON.stringify(kind)} (known: ${Object.keys(runners).join(', ')})`);
  }
  return runners[kind](eql, file);
}

function runAll(eql) {
  const lines = [];
  const failures = [];
  let files = 0;
  for (const path of vectorFiles()) {
    const outcomes = runFile(eql, path);
    files++;
    for (const o of outcomes) {
      const diffs = subset(o.expected, o.actual);
      if (diffs.length) failures.push(`${basename(path)} / ${o.name}: ${diffs.join('; ')}`);
      lines.push(canonical({ file: basename(path), case: o.name, actual: o.actual }));
    }
  }
  return { lines, failures, files };
}

/** A serde_json line with integral floats (`1.0`) written as JSON.stringify does (`1`). */
function integralFloats(line) {
  return line.replace(/(?<=[:[,]-?\d+)\.0(?=[,\]}])/g, '');
}

let rustLines;
function rustOutput() {
  if (rustLines) return rustLines;
  const out = join(mkdtempSync(join(tmpdir(), 'eql-vectors-')), 'rust.jsonl');
  const r = spawnSync('cargo', ['test', '-p', 'eql-core', '--test', 'vectors', '--locked', '-q'], {
    cwd: root,
    env: { ...process.env, EQL_VECTOR_OUT: out },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  assert.equal(r.status, 0, 'the Rust vector runner failed');
  rustLines = readFileSync(out, 'utf8').split('\n').filter((l) => l.length > 0);
  return rustLines;
}

test('a vector file of unknown kind fails the run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eql-kind-'));
  for (const [name, body, shown] of [
    ['typo.json', { kind: 'qualfy', cases: [] }, '"qualfy"'],
    ['no_kind.json', { cases: [] }, 'undefined'],
    ['proto.json', { kind: 'toString', cases: [] }, '"toString"'],
  ]) {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(body));
    assert.throws(() => runFile(null, path), (e) => e instanceof Error && e.message.includes(`unknown kind ${shown}`));
  }
});

const builds = await loadBuilds();
for (const [name, eql] of Object.entries(builds)) {
  test(`golden vectors, ${name} build: expectations and byte-identity with Rust`, () => {
    const { lines, failures, files } = runAll(eql);
    console.log(`vectors (${name} build): ran ${lines.length} cases from ${files} files, ${failures.length} failed`);
    assert.ok(lines.length > 0, 'no vector case ran');
    assert.deepEqual(failures, []);
    const rust = rustOutput();
    assert.equal(lines.length, rust.length, 'case count differs from the Rust runner');
    let exact = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === rust[i]) {
        exact++;
        continue;
      }
      // serde_json writes an integral f64 as `1.0`, JSON.stringify as `1`:
      // the only difference allowed, and the values must be equal too.
      assert.equal(lines[i], integralFloats(rust[i]), `line ${i + 1} differs from Rust`);
      assert.deepEqual(JSON.parse(lines[i]), JSON.parse(rust[i]), `line ${i + 1} differs from Rust`);
    }
    console.log(
      `vectors (${name} build): ${lines.length} results identical to the Rust runner's ` +
        `(${exact} byte for byte, ${lines.length - exact} up to serde_json's "1.0" for integral floats)`,
    );
  });
}
