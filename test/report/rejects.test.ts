import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/errors.js';
import { rejectsCsv } from '../../src/report/rejects.js';

describe('the --rejects file', () => {
  it('names each column once: where and why first, then the row as it was, its own reason column included', () => {
    const csv = rejectsCsv([
      {
        error: new InputError({ file: 'e.csv', line: 3 }, 'column "status": "landed" is not a status'),
        raw: { shipment_id: 'S1', status: 'landed', reason: 'weather' },
      },
    ]);
    const header = csv.split('\r\n')[0]!.split(',');
    expect(new Set(header).size).toBe(header.length);
    expect(parse(csv, { columns: true })).toEqual([
      { rejected_source: 'e.csv:3', rejected_reason: 'column "status": "landed" is not a status', shipment_id: 'S1', status: 'landed', reason: 'weather' },
    ]);
  });
});
