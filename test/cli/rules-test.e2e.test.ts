import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

describe('logex rules test', () => {
  it('the starter rules pass their own tests', async () => {
    const result = await logexInProcess(['rules', 'test', 'rules/']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('9 passed, 0 failed');
  });

  it('reports each failing case with its position and what differed; exit 1', async () => {
    const result = await logexInProcess(['rules', 'test', 'fixtures/rules-tests']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      '✗ expects the wrong shipment fixtures/rules-tests/broken.test.yaml:2',
      '    expected but did not fire: arrival-overdue B',
      '    fired but not expected: arrival-overdue A',
      '✗ has a bad row in its events fixtures/rules-tests/broken.test.yaml:11',
      '    fixtures/rules-tests/broken.test.yaml:18: events: column "status": "landed" is not one of booked, pickup, departed, arrived, customs_cleared, out_for_delivery, delivered, in_transit, loaded, discharged, gate_in, gate_out, customs_hold, carrier_exception',
      '✓ nothing planned, nothing fires fixtures/rules-tests/broken.test.yaml:21',
      '✗ names a rule no file defines fixtures/rules-tests/broken.test.yaml:25',
      '    fixtures/rules-tests/broken.test.yaml:28: expect: no rule "arrival-overdeu" is loaded; did you mean "arrival-overdue"?',
      '✓ a bare date is its midnight fixtures/rules-tests/broken.test.yaml:30',
      '2 passed, 3 failed',
      '',
    ]);
  });

  it('writes valid JUnit', async () => {
    const out = join(tempDir(), 'tests.xml');
    expect((await logexInProcess(['rules', 'test', 'fixtures/rules-tests', '--format', 'junit', '--out', out])).code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testsuites name="logex rules test" tests="5" failures="3">');
  });

  it('a folder without test files is a usage error', async () => {
    const result = await logexInProcess(['rules', 'test', 'fixtures/rules-broken/dup-a.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no *.test.yaml files');
  });
});
