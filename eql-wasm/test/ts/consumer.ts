// A small consumer of the package's types, type-checked by `tsc --noEmit`
// in test/types.test.mjs. Never run.
import init, {
  CompiledModel,
  attribute,
  classifyTouch,
  dedupKey,
  heuristicModels,
  markovModel,
  parseModel,
  presetModel,
  qualify,
  type Attribution,
  type EqlError,
  type Journey,
  type Lead,
  type MarkovResult,
  type PathRow,
  type Qualification,
  type ScoringModel,
  type Stage,
} from '../../types/eql.js';

export async function demo(): Promise<string> {
  await init();
  const model: ScoringModel = presetModel();
  const lead: Lead = {
    id: 'L-1',
    email: 'ana@acme.co.uk',
    company: { employees: 420, annual_revenue: '12000000', tech_stack: ['salesforce'] },
    partner: { id: 'P-7', source: 'implementation_partner', confirmed: true },
    events: [{ type: 'demo_request', at: '2026-10-02T11:00:00Z' }],
  };
  const q: Qualification = qualify(model, lead, '2026-10-15T12:00:00Z');
  const stage: Stage = q.stage;
  const points: number = q.total;
  const compiled = new CompiledModel(parseModel('id = "m"\nversion = "1"\neffective_from = 2026-10-01\n'));
  const many = compiled.scoreMany([lead], '2026-10-15T12:00:00Z', { allow_outside_window: true });
  const first = many[0];
  const firstStage = first !== undefined && 'stage' in first ? first.stage : 'error';
  compiled.free();

  const journey: Journey = {
    touchpoints: [{ id: 'T-1', at: '2026-09-01T10:00:00Z', partner_id: 'P-7' }],
    conversion: { at: '2026-09-30T10:00:00Z', amount: '1000.00', currency: 'USD' },
  };
  const a: Attribution = attribute(journey, { type: 'partner_influence' }, { lookback_days: 90 });
  const credit: string | undefined = a.credits[0];
  const table: PathRow[] = [{ path: 'a > b', total_conversions: 1, total_conversion_value: '10', total_null: 0 }, { path: ['b'], total_null: 1 }];
  const firstChannel: string | undefined = heuristicModels(table).channels[0]?.channel_name;
  const markov: MarkovResult = markovModel(table, 2);
  const effect: number | undefined = markov.channels[0]?.removal_effect;
  const channel = classifyTouch('https://v.example/?utm_source=chatgpt.com').channel;

  try {
    dedupKey('not-an-email');
  } catch (e) {
    const err = e as EqlError;
    return `${err.code} ${err.details.message}`;
  }

  // Money is a decimal string, never a number.
  // @ts-expect-error
  const bad: Journey = { touchpoints: [], conversion: { at: '2026-09-30T10:00:00Z', amount: 1000, currency: 'USD' } };
  // @ts-expect-error an unknown stage
  const badStage: Stage = 'hot';
  // @ts-expect-error an unknown attribution model
  attribute(journey, { type: 'last_click' });

  // @ts-expect-error path-table money is a decimal string
  heuristicModels([{ path: 'a', total_conversion_value: 10 }]);

  return `${stage} ${points} ${firstStage} ${credit} ${channel} ${firstChannel} ${effect} ${bad} ${badStage}`;
}
