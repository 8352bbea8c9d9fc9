import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/errors.js';
import { looksLikeX12, readX12 } from '../../src/io/x12/index.js';
import { collectBytes } from './reader-kit.js';
import { brief, fixtureText, readFixture, readText } from './x12-read.js';

const SYNTHETIC = 'edi-synthetic/x12';
const CANADA_POST = 'samples/x12-214/omniparser-canadapost-214.edi';
const FREIGHTFORCE = 'samples/x12-214/x12types-test214-freightforce-unpadded-isa.edi';

async function thrown(read: Promise<unknown>): Promise<InputError> {
  const error = await read.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('X12 files that cannot be used', () => {
  it('a truncated interchange (no SE, GE, IEA) throws at the last segment read', async () => {
    const file = `${SYNTHETIC}/truncated-214.edi`;
    const error = await thrown(readFixture(file));
    expect(error.position).toEqual({ file, segment: 6, segmentId: 'AT7' });
    expect(error.message).toBe(
      `${file}:segment 6 (AT7): the input ends here but transaction set 214 #0001 (ST at segment 3) has no SE: the file is truncated; ask the sender to resend it`,
    );
  });

  it('a sample cut after its last transaction set (no GE, IEA) is truncated too', async () => {
    const text = fixtureText(CANADA_POST);
    const error = await thrown(readText(text.slice(0, text.indexOf('GE*000019')), 'cut.edi'));
    expect(error.message).toContain('cut.edi:segment 250 (SE)');
    expect(error.message).toContain('functional group #000001644 (GS at segment 2) has no GE');
  });

  it('a garbled segment id throws with its position', async () => {
    const error = await thrown(readFixture(`${SYNTHETIC}/garbled-segment-214.edi`));
    expect(error.position).toMatchObject({ segment: 8, segmentId: 'A T7' });
    expect(error.message).toContain('segment 8 (A T7): "A T7*D1*NS***20190706*0800*UT" is not a segment');
  });

  it('an ISA with missing elements cannot be read', async () => {
    const error = await thrown(readFixture(`${SYNTHETIC}/unreadable-isa.edi`));
    expect(error.position).toMatchObject({ segment: 1, segmentId: 'ISA' });
    expect(error.message).toContain('the ISA header cannot be read: ISA12 (version)');
  });

  it('a stream that never shows the terminator its ISA declares is refused without reading it all into memory', async () => {
    const isa = fixtureText(FREIGHTFORCE).split('\n', 1)[0]!; // ends with "~"
    const lines = Array.from({ length: 5000 }, (_, n) => `LX*${n}\nAT7*X6*NS***20060301*0800*LT\n`).join('');
    const error = await thrown(readText(`${isa}\nGS*QM*SCAC*KLSA*20060301*0028*001*X*004010\n${lines}`, 'wrong.edi', { chunkBytes: 4096 }));
    expect(error.message).toBe(
      'wrong.edi:segment 2: no segment terminator "~" (from the ISA) in the next 100000 characters: the file does not use the delimiters its ISA declares',
    );
  });

  it('a NUL byte or bytes that are not UTF-8 inside a segment are refused at that segment, not stored', async () => {
    const text = fixtureText(FREIGHTFORCE);
    const at = text.indexOf('AT7*');
    const withNul = await thrown(readText(`${text.slice(0, at + 4)}\u0000${text.slice(at + 4)}`, 'nul.edi'));
    expect(withNul.message).toMatch(/^nul\.edi:segment \d+ \(AT7\): contains a NUL byte: the file is damaged or not text; ask the sender to resend it$/);
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at + 4), 'utf8'), Buffer.from([0xe9, 0x41]), Buffer.from(text.slice(at + 4), 'utf8')]);
    const latin1 = await thrown(collectBytes(readX12, bytes, 'latin1.edi', { chunkBytes: 7 }));
    expect(latin1.message).toMatch(
      /^latin1\.edi:segment \d+ \(AT7\): contains bytes that are not UTF-8 text \(a Latin-1 or Windows-1252 file\?\); ask the sender for UTF-8 or plain ASCII$/,
    );
    expect(latin1.position.segment).toBe(withNul.position.segment);
  });

  it('input that is not X12, and empty input, are refused', async () => {
    const csv = await thrown(readText('shipment_id,status\nS1,delivered\n', 'events.csv'));
    expect(csv.message).toBe('events.csv:segment 1 (shi): "shipment_id,status" is not an ISA: an X12 interchange starts with "ISA"');
    const empty = await thrown(readText('\n', 'empty.edi'));
    expect(empty.message).toContain('the input is empty');
  });
});

describe('X12 envelopes', () => {
  it('reads consecutive interchanges with different delimiters and skips transaction sets it does not read', async () => {
    const { events, warnings } = await readFixture(`${SYNTHETIC}/two-interchanges.edi`);
    expect(events.map((e) => [brief(e).code, brief(e).status, brief(e).at, e.carrier])).toEqual([
      ['AF', 'pickup', '2019-07-05T08:00:00Z', 'ABCD'],
      ['AE', 'loaded', '2019-07-06T13:00:00Z', 'OCEANCO'],
    ]);
    expect(warnings.map((w) => [w.position.segment, w.message])).toEqual([[8, 'transaction set 997 #0002 is not read (only 214 and 315 are); skipped']]);
  });

  it('reads CRLF line ends like LF', async () => {
    const text = fixtureText(CANADA_POST);
    const lf = await readText(text);
    const crlf = await readText(text.replace(/\n/g, '\r\n'), 'inline.edi', { chunkBytes: 100 });
    expect(crlf.events.map(brief)).toEqual(lf.events.map(brief));
    expect(crlf.events).toHaveLength(19);
  });

  it('warns about a segment count that does not match SE01', async () => {
    const text = fixtureText(FREIGHTFORCE).replace('SE*12*002', 'SE*11*002');
    const { events, warnings } = await readText(text);
    expect(events).toHaveLength(2);
    expect(warnings.map((w) => w.message)).toContain('SE01 says 11 segments but transaction set 214 #002 (ST at segment 16) has 12');
  });

  it('a missing SE before the next ST is a warning; both transaction sets are read', async () => {
    const text = fixtureText(FREIGHTFORCE).replace('SE*13*001 N/L~\n', '');
    const { events, warnings } = await readText(text);
    expect(events.map((e) => e.rawCode)).toEqual(['AF', 'D1']);
    expect(warnings.map((w) => [w.position.segmentId, w.message])).toContainEqual([
      'ST',
      'transaction set 214 #001 (ST at segment 3) has no SE; read up to this ST',
    ]);
  });

  it('a segment between transaction sets is rejected with its position', async () => {
    const text = fixtureText(FREIGHTFORCE).replace('SE*13*001 N/L~\n', 'SE*13*001~\nAT7*D1*NS***20060301*1630*LT~\n');
    const { events, rejects } = await readText(text, 'stray.edi');
    expect(events).toHaveLength(2);
    expect(rejects.map((r) => r.message)).toEqual(['stray.edi:segment 16 (AT7): AT7 outside a transaction set (not between ST and SE); it cannot be read']);
  });

  it('recognises X12 from the first bytes of an input', () => {
    expect(looksLikeX12('ISA*00*          *00*')).toBe(true);
    expect(looksLikeX12('\uFEFF\r\nISA|00|')).toBe(true);
    expect(looksLikeX12("UNA:+.? 'UNB+UNOC:3")).toBe(false);
    expect(looksLikeX12('shipment_id,status\n')).toBe(false);
  });
});
