/** An exception whose actual was read in --tz (the place's zone unknown) says so: the deviation may be hours off. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadRuleText } from '../../src/rules/load.js';
import { event, plan, timeline } from '../helpers.js';

describe('a finding whose actual time was guessed', () => {
  it('says in its message that the time was read in --tz', () => {
    const rules = loadRuleText(
      'version: 1\nrules:\n  - id: late\n    check: { kind: milestone_late, milestone: departed }\n    tolerance: 1h\n    severity: high\n',
      'r.yaml',
    ).rules;
    const guessed = event('departed', '2026-03-02T10:00:00Z', { location: 'USZZZ' });
    guessed.time = { ...guessed.time, zone: 'UTC', zoneSource: 'default', text: '20260302 1000' };
    const known = event('departed', '2026-03-02T10:00:00Z', { location: 'CNXGG' });
    known.time = { ...known.time, zone: 'Asia/Shanghai', zoneSource: 'port' };
    const asOf = Date.parse('2026-03-10T00:00:00Z');
    const planned = plan({ planned: { departed: '2026-03-01T00:00:00Z' } });
    expect(evaluate([timeline(planned, [guessed])], rules, asOf).map((exception) => exception.message)).toEqual([
      'departed 1d10h late (tolerance 1h); time read in UTC (--tz): the zone of USZZZ is unknown',
    ]);
    expect(evaluate([timeline(planned, [known])], rules, asOf).map((exception) => exception.message)).toEqual(['departed 1d10h late (tolerance 1h)']);
  });
});
