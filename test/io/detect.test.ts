import { describe, expect, it } from 'vitest';
import { detectEventFormat } from '../../src/io/detect.js';

describe('event format detection from the first bytes', () => {
  it.each([
    ['ISA*00*          *00*', 'x12'],
    ['\uFEFF  ISA|00|', 'x12'],
    ["UNA:+.? 'UNB+UNOC:3", 'edifact'],
    ["UNB+UNOA:2+SENDER'", 'edifact'],
    ['[\n  {\n    "eventType": "TRANSPORT"', 'dcsa'],
    ['{"events": [', 'dcsa'],
    // Other JSON goes to the DCSA reader too, which names what it is instead of a CSV parse error.
    ['[{"date": "2001/01/01 06:55", "delay": -19}]', 'dcsa'],
    ['shipment_id,status,event_time', 'csv'],
    ['ISO_CODE,status', 'csv'],
  ])('%j → %s', (head, format) => {
    expect(detectEventFormat(head)).toBe(format);
  });
});
