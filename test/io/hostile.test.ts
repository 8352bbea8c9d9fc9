/**
 * Hostile input: every reader is fed random mutations of real samples and fixtures (bytes flipped,
 * cut, duplicated, junk inserted). Whatever happens, the reader either reads or stops with an
 * InputError: one line, with a position. Anything else would reach the user as a stack trace.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readEventsCsv, readPlansCsv } from '../../src/io/csv/canonical.js';
import { readDcsa } from '../../src/io/dcsa/index.js';
import { readEdifact } from '../../src/io/edifact/index.js';
import { InputError } from '../../src/io/errors.js';
import type { Reader } from '../../src/io/reader.js';
import { readX12 } from '../../src/io/x12/index.js';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { collectBytes } from './reader-kit.js';

const options = { file: 'input', time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES) };

async function readAll(reader: Reader, bytes: Uint8Array): Promise<void> {
  // Uneven chunks, so tokenizers meet every boundary.
  const { rejects } = await collectBytes(reader, Buffer.from(bytes), 'input', { chunkBytes: 97 });
  rejects.forEach(expectOneLinePositioned);
}

function expectOneLinePositioned(error: InputError): void {
  expect(error.message).not.toContain('\n');
  expect(error.message.startsWith('input')).toBe(true);
}

/** A mutation of the seed: flips, cuts, inserts and duplications of byte ranges. */
const mutated = (seed: Buffer) =>
  fc
    .array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 32 }) }),
        fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((edits) => {
      let bytes = Buffer.from(seed);
      for (const edit of edits) {
        const at = bytes.length ? edit.at % bytes.length : 0;
        if (edit.kind === 'flip') bytes[at] = edit.byte;
        else if (edit.kind === 'cut') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.length)]);
        else if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(edit.bytes), bytes.subarray(at)]);
        else if (edit.kind === 'repeat') bytes = Buffer.concat([bytes.subarray(0, at + edit.length), bytes.subarray(at)]);
        else bytes = bytes.subarray(0, at);
      }
      return bytes;
    });

const SEEDS: [string, Reader, string[]][] = [
  ['plans CSV', readPlansCsv, ['fixtures/scenarios/basic/plans.csv']],
  ['events CSV', readEventsCsv, ['fixtures/scenarios/basic/events.csv', 'fixtures/scenarios/basic/events-bad.csv']],
  ['X12', readX12, ['fixtures/samples/x12-214/stedi-bootstrap-fedex-214.edi', 'fixtures/samples/x12-315/x12types-test315-hamsud-krpus-mxzlo.edi']],
  [
    'EDIFACT',
    readEdifact,
    ['fixtures/samples/edifact-iftsta/omniparser-bench-bring-iftsta-d04a.edi', 'fixtures/samples/edifact-iftsta/edifunct-IFTSTA_example-d10b.edi'],
  ],
  ['DCSA', readDcsa, ['fixtures/samples/dcsa/dcsa-conformance-tnt-300-request-transport.json', 'fixtures/samples/dcsa/dcsa-conformance-tnt-220-response.json']],
];

describe.each(SEEDS)('the %s reader on mutated real input', (_name, reader, seeds) => {
  it.each(seeds)('never fails other than with a one-line positioned InputError (%s)', async (seedFile) => {
    const seed = readFileSync(seedFile);
    await fc.assert(
      fc.asyncProperty(mutated(seed), async (bytes) => {
        try {
          await readAll(reader, bytes);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expectOneLinePositioned(error);
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('handles empty input, a lone byte, and binary noise', async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0x49]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]) {
      try {
        await readAll(reader, bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expectOneLinePositioned(error as InputError);
      }
    }
  });
});

describe('CSV encodings and sizes', () => {
  const plans = 'shipment_id,carrier,mode,origin,destination,customer\nA,MAEU,ocean,CNSHA,USLAX,Zürich AG\n';
  const read = async (bytes: Buffer) => {
    const customers: string[] = [];
    async function* input() {
      yield bytes;
    }
    for await (const item of readPlansCsv(input(), { ...options, file: 'p.csv' })) if (item.type === 'plan') customers.push(item.record.customer);
    return customers;
  };

  it('reads UTF-8 with and without a BOM, UTF-16 LE and BE with a BOM, and CRLF', async () => {
    expect(await read(Buffer.from(plans))).toEqual(['Zürich AG']);
    expect(await read(Buffer.from(`\uFEFF${plans}`))).toEqual(['Zürich AG']);
    expect(await read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plans.replace(/\n/g, '\r\n'), 'utf16le')]))).toEqual(['Zürich AG']);
    const be = Buffer.from(plans, 'utf16le').swap16();
    expect(await read(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual(['Zürich AG']);
  });

  it('refuses Latin-1 text, with or without a UTF-8 BOM, naming the line', async () => {
    await expect(read(Buffer.from(plans, 'latin1'))).rejects.toThrow('p.csv:2: the file is not UTF-8 text');
    await expect(read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plans, 'latin1')]))).rejects.toThrow('p.csv:2: the file is not UTF-8 text');
  });

  it('refuses a field of several megabytes instead of buffering it', async () => {
    const huge = `shipment_id,carrier,mode,origin,destination,customer\nA,MAEU,ocean,CNSHA,USLAX,"${'x'.repeat(3 * 1024 * 1024)}"\n`;
    await expect(read(Buffer.from(huge))).rejects.toThrow(/^p\.csv:2: CSV syntax: .*(max_record_size|Max Record Size)/i);
  });
});
