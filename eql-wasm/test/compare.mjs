// "The result must contain each expected field with an equal value" (SPEC §7);
// the JS twin of eql-core/tests/vectors/compare.rs.
const COMMENT_KEYS = new Set(['note', 'about']);

export function subset(expected, actual) {
  const diffs = [];
  walk('', expected, actual, diffs);
  return diffs;
}

function walk(path, e, a, diffs) {
  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(e) && isObj(a)) {
    for (const [k, ev] of Object.entries(e)) {
      if (COMMENT_KEYS.has(k)) continue;
      const p = `${path}.${k}`;
      if (k in a) walk(p, ev, a[k], diffs);
      else if (ev !== null) diffs.push(`${p}: missing, expected ${JSON.stringify(ev)}`);
    }
  } else if (Array.isArray(e) && Array.isArray(a)) {
    if (e.length !== a.length) {
      diffs.push(`${path}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
      return;
    }
    e.forEach((ev, i) => walk(`${path}[${i}]`, ev, a[i], diffs));
  } else if (JSON.stringify(e) !== JSON.stringify(a)) {
    diffs.push(`${path}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  }
}
