// The EQL calculator: every number on the page comes from the eql core
// (WebAssembly); this file only moves JSON between the form and the core.
import init, * as eql from '../pkg/web/eql.js';
import { sampleModel, sampleLeads, sampleLeadId, sampleAsOf, sampleJourney } from './sample.js';

const $ = (id) => document.getElementById(id);
const COLORS = ['#3b7ddd', '#0b7a3b', '#a36a00', '#7a3bb0', '#c2452d', '#2d8fa3'];

function showError(box, e) {
  box.hidden = false;
  box.textContent = e && e.code ? `${e.code}: ${e.message}` : String(e);
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
}

function score() {
  const error = $('error');
  let q;
  try {
    const model = $('model').value;
    const lead = JSON.parse($('lead').value);
    q = eql.qualify(model.trim().startsWith('{') ? JSON.parse(model) : model, lead, $('as-of').value.trim());
  } catch (e) {
    showError(error, e);
    $('score').classList.add('stale');
    return;
  }
  error.hidden = true;
  $('score').classList.remove('stale');
  const stage = $('stage');
  stage.textContent = q.stage;
  stage.className = q.stage;
  $('fit').textContent = q.fit;
  $('intent').textContent = q.intent;
  $('total').textContent = q.total;
  $('threshold-shown').textContent = q.threshold;
  const scale = Math.max(100, q.total, q.threshold);
  $('meter-fill').style.width = `${(100 * q.total) / scale}%`;
  $('meter-threshold').style.left = `${(100 * q.threshold) / scale}%`;
  $('summary').textContent = q.summary;
  $('evidence').textContent = q.ecosystem_evidence.join(', ') || 'none';
  $('missing').textContent = q.missing.join(', ') || 'nothing';
  const rules = $('rules');
  rules.replaceChildren();
  for (const c of q.contributions) {
    const tr = document.createElement('tr');
    tr.className = c.matched ? 'matched' : 'unmatched';
    tr.dataset.rule = c.rule_id;
    for (const v of [c.rule_id, c.category, c.matched ? 'yes' : 'no', c.points, c.why]) cell(tr, v);
    rules.appendChild(tr);
  }
}

function attribution() {
  const box = $('attribution-error');
  let a;
  let journey;
  try {
    journey = JSON.parse($('journey').value);
    a = eql.attribute(journey, { type: 'partner_influence' });
  } catch (e) {
    showError(box, e);
    return;
  }
  box.hidden = true;
  const byId = new Map(journey.touchpoints.map((t) => [t.id, t]));
  const bar = $('attribution-bar');
  const rows = $('attribution');
  bar.replaceChildren();
  rows.replaceChildren();
  a.order.forEach((id, i) => {
    const t = byId.get(id) ?? {};
    const pct = `${(Number(a.shares[i]) * 100).toFixed(1)} %`;
    const seg = document.createElement('div');
    seg.style.flexBasis = `${Number(a.shares[i]) * 100}%`;
    seg.style.background = COLORS[i % COLORS.length];
    seg.title = `${id} (${t.channel ?? 'touch'}): ${pct}`;
    seg.textContent = Number(a.shares[i]) > 0.05 ? `${t.channel ?? id} ${pct}` : '';
    bar.appendChild(seg);
    const tr = document.createElement('tr');
    for (const v of [id, t.channel ?? '', t.partner_id ?? '', pct, `${a.credits[i]} ${a.currency}`]) cell(tr, v);
    rows.appendChild(tr);
  });
}

// The quick fields edit the JSON in the text areas, then rescore.
function setLeadField(update) {
  try {
    const lead = JSON.parse($('lead').value);
    update(lead);
    $('lead').value = JSON.stringify(lead, null, 2);
  } catch (e) {
    showError($('error'), e);
    return;
  }
  score();
}

function syncFields() {
  try {
    $('employees').value = JSON.parse($('lead').value).company?.employees ?? '';
  } catch {
    // the text area is mid-edit; the error shows on scoring
  }
  try {
    const text = $('model').value;
    $('threshold').value = text.trim().startsWith('{') ? (JSON.parse(text).threshold ?? '') : '';
  } catch {
    // likewise
  }
}

function loadLead(id) {
  const lead = sampleLeads.find((l) => l.id === id) ?? sampleLeads[0];
  $('lead').value = JSON.stringify(lead, null, 2);
  syncFields();
  score();
}

async function main() {
  await init();
  $('version').textContent = eql.version();
  $('model').value = JSON.stringify(sampleModel, null, 2);
  $('as-of').value = sampleAsOf;
  $('journey').value = JSON.stringify(sampleJourney, null, 2);
  for (const l of sampleLeads) {
    const o = document.createElement('option');
    o.value = l.id;
    o.textContent = `${l.id} ${l.company?.name ?? ''}`;
    $('sample-lead').appendChild(o);
  }
  $('sample-lead').value = sampleLeadId;
  $('sample-lead').addEventListener('change', (e) => loadLead(e.target.value));
  $('employees').addEventListener('input', (e) =>
    setLeadField((lead) => {
      lead.company = lead.company ?? {};
      lead.company.employees = e.target.value === '' ? null : Number(e.target.value);
    }),
  );
  $('threshold').addEventListener('input', (e) => {
    try {
      const model = JSON.parse($('model').value);
      model.threshold = Number(e.target.value);
      $('model').value = JSON.stringify(model, null, 2);
    } catch (err) {
      showError($('error'), err);
      return;
    }
    score();
  });
  $('model').addEventListener('input', () => { syncFields(); score(); });
  $('lead').addEventListener('input', () => { syncFields(); score(); });
  $('as-of').addEventListener('input', score);
  $('journey').addEventListener('input', attribution);
  loadLead(sampleLeadId);
  attribution();
  document.body.dataset.ready = 'true';
}

main().catch((e) => showError($('error'), e));
