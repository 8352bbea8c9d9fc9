/** The spreadsheet round-trip at library level: what Excel does to a CSV, merging with others' changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listCases } from '../../src/cases/query.js';
import { casesSheet, parseSheet } from '../../src/cases/sheet.js';
import { updateCases, type UpdateContext } from '../../src/cases/update.js';
import type { Db } from '../../src/store/database.js';
import { AS_OF, DEFAULTS, historyOf, storeWithCases } from './fixture.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const context: UpdateContext = { config: DEFAULTS, mode: 'command', actor: 'ana', now: '2026-05-11T09:00:00.000Z' };
const exportOf = (db: Db, excel = false) => casesSheet(listCases(db, {}, { sort: 'age', asOf: AS_OF }), { excel });
const importing = (db: Db, text: string, overrides: Partial<UpdateContext> = {}) => {
  const sheet = parseSheet(bytes(text), 'cases.csv');
  expect(sheet.problems).toEqual([]);
  return updateCases(db, sheet.requests, { config: DEFAULTS, mode: 'sheet', actor: 'ana', now: '2026-05-11T09:00:00.000Z', ...overrides });
};
/** Sets a column of the row for `caseId` in exported CSV text (no quoting in the cells touched). */
const edit = (csv: string, caseId: number, column: string, value: string) => {
  const lines = csv.split('\r\n');
  const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
  const index = header.indexOf(column);
  return lines
    .map((line) => {
      const cells = line.split(',');
      if (cells[0] !== String(caseId)) return line;
      cells[index] = value;
      return cells.join(',');
    })
    .join('\r\n');
};

describe('case sheets', () => {
  it('exports the context and the editable columns, with the revision last', () => {
    const db = storeWithCases(1);
    expect(exportOf(db)).toBe(
      'case_id,severity,rule,shipment_id,carrier,lane,milestone,finding,planned,actual,deviation_minutes,message,opened,' +
        'status,assignee,team,root_cause,outcome,note,revision\r\n' +
        '1,high,departure-late,S1,MAEU,CNSHA>USLAX,departed,departed,2026-05-04T08:00:00Z,2026-05-04T12:00:00Z,240,departed 4h late (tolerance 1h),' +
        '2026-05-10T00:00:00Z,open,,ocean-desk,,,,1\r\n',
    );
  });

  it('an exported sheet imported unchanged changes nothing', () => {
    const db = storeWithCases(3);
    expect(importing(db, exportOf(db))).toEqual({ changed: [], unchanged: [1, 2, 3], problems: [] });
  });

  it('imports what European Excel saves: BOM, CRLF, semicolons, a retyped header, quote-prefixed formulas, multi-line notes', () => {
    const text =
      '\uFEFFCase ID;Status;Root cause;Note;Revision\r\n' +
      '1;Resolved;carrier/capacity;"rolled twice;\r\nsee mail";7\r\n' +
      '\r\n' +
      "2;in progress;;'=ask ops;\r\n";
    const sheet = parseSheet(bytes(text), 'cases.csv');
    expect(sheet).toEqual({
      problems: [],
      requests: [
        {
          caseId: 1,
          origin: 'cases.csv:2',
          line: 2,
          baseRevision: 7,
          edit: { status: 'Resolved', root_cause: 'carrier/capacity', note: 'rolled twice;\nsee mail' },
        },
        { caseId: 2, origin: 'cases.csv:5', line: 5, baseRevision: undefined, edit: { status: 'in progress', root_cause: null, note: '=ask ops' } },
      ],
    });
  });

  it('reports rows it cannot read with file:line, and refuses a file that is not UTF-8 or not an export', () => {
    expect(parseSheet(bytes('id,status\n1,open\n'), 'cases.csv').problems).toEqual([
      { line: 1, text: 'cases.csv:1: the header has no case_id column; import a file written by "logex cases export"' },
    ]);
    expect(parseSheet(bytes('case_id,status\n1,open\nx,open\n3,open,\n'), 'cases.csv').problems).toEqual([
      { line: 3, text: 'cases.csv:3: case_id "x" is not a case number' },
    ]);
    expect(parseSheet(bytes('case_id,status,Status\n1,open,resolved\n'), 'cases.csv').problems).toEqual([
      { line: 1, text: 'cases.csv:1: column "status" appears twice in the header (columns 2 and 3); remove or rename one' },
    ]);
    expect(parseSheet(new Uint8Array([0x63, 0x61, 0x73, 0x65, 0x5f, 0x69, 0x64, 0x0a, 0xe9]), 'latin1.csv').problems).toEqual([
      { line: 0, text: 'latin1.csv: the file is not UTF-8 text; in Excel save it as "CSV UTF-8 (Comma delimited)"' },
    ]);
  });

  it('a plain export whose cells hold line breaks, quotes and formula-like text imports as a no-op', () => {
    const db = storeWithCases(2);
    const noted = importing(db, edit(exportOf(db), 1, 'note', '"multi\nline, ""quoted"" =HYPERLINK(""x"")"'));
    expect(noted.changed.map((change) => change.caseId)).toEqual([1]);
    importing(db, edit(exportOf(db), 2, 'note', '@SUM(A1)'));
    const exported = exportOf(db);
    expect(exported).toContain(",'@SUM(A1),");
    expect(importing(db, exported).changed).toEqual([]);
    expect(historyOf(db, 2).at(-1)).toMatchObject({ action: 'note', note: '@SUM(A1)' });
  });

  it('property: whatever text a note or assignee holds, an unedited export imports as a no-op, plain or for Excel', () => {
    const db = storeWithCases(1);
    const text = fc
      .oneof(
        fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', "'", '\n', '\r\n', '\t', '=', '+', '-', '@', 'é') }),
        fc.constantFrom('=HYPERLINK("x")', "'=x", "''+1", '-5', 'multi\nline'),
      )
      .filter((value) => value.trim() !== '' && value.trim() === value);
    fc.assert(
      fc.property(text, text, fc.boolean(), (note, assignee, excel) => {
        updateCases(db, [{ caseId: 1, edit: { note, assignee } }], { ...context, now: '2026-05-11T09:00:00.000Z' });
        expect(importing(db, exportOf(db, excel)).changed).toEqual([]);
      }),
      { seed: 20261202, numRuns: 60 },
    );
  });

  it('--excel export round-trips: the quote before formula-like cells is taken off again', () => {
    const db = storeWithCases(1);
    importing(db, edit(exportOf(db), 1, 'note', '-- carrier says Monday'));
    const excel = exportOf(db, true);
    expect(excel).toContain(",'-- carrier says Monday,");
    expect(importing(db, excel).changed).toEqual([]);
  });

  it('applies only the fields the analyst changed, and a second import of the same file is a no-op', () => {
    const db = storeWithCases(2);
    const edited = edit(edit(edit(exportOf(db), 1, 'status', 'resolved'), 1, 'root_cause', 'shipper/late_cargo'), 2, 'note', 'asked the shipper');
    expect(importing(db, edited).changed).toEqual([
      {
        caseId: 1,
        origin: 'cases.csv:2',
        changes: [
          { field: 'status', from: 'open', to: 'resolved' },
          { field: 'root_cause', from: null, to: 'shipper/late_cargo' },
        ],
      },
      { caseId: 2, origin: 'cases.csv:3', changes: [{ field: 'note', from: null, to: 'asked the shipper' }] },
    ]);
    expect(importing(db, edited, { now: '2026-05-12T09:00:00.000Z' })).toEqual({ changed: [], unchanged: [1, 2], problems: [] });
    expect(historyOf(db, 2).map((row) => (row as { action: string }).action)).toEqual(['opened', 'note']);
  });

  it('keeps what others changed after the export, and refuses to overwrite a field both changed', () => {
    const db = storeWithCases(2);
    const exported = exportOf(db);
    // After the export, a colleague assigns case 1 and adds a note; the audit clears nothing.
    updateCases(db, [{ caseId: 1, edit: { assignee: 'bo', note: 'on it' } }], {
      config: DEFAULTS,
      mode: 'command',
      actor: 'bo',
      now: '2026-05-10T12:00:00.000Z',
    });

    const mine = edit(exported, 1, 'status', 'acknowledged');
    expect(importing(db, mine).changed).toEqual([{ caseId: 1, origin: 'cases.csv:2', changes: [{ field: 'status', from: 'open', to: 'acknowledged' }] }]);
    expect(db.prepare('SELECT assignee FROM cases WHERE id = 1').pluck().get()).toBe('bo');

    const both = edit(exported, 1, 'assignee', 'cy');
    const sheet = parseSheet(bytes(both), 'cases.csv');
    const outcome = updateCases(db, sheet.requests, { config: DEFAULTS, mode: 'sheet', actor: 'ana', now: '2026-05-11T09:00:00.000Z' });
    expect(outcome.problems).toEqual([
      {
        caseId: 1,
        origin: 'cases.csv:2',
        line: 2,
        message: 'assignee was changed after this export (now "bo", by bo at 2026-05-10T12:00:00.000Z); export again and redo this change',
      },
    ]);
  });

  it('one bad row refuses the whole file with file:line, and nothing is applied', () => {
    const db = storeWithCases(3);
    const before = db.prepare('SELECT count(*) FROM case_history').pluck().get();
    const edited = edit(edit(edit(exportOf(db), 1, 'assignee', 'ana'), 3, 'status', 'resolved'), 3, 'root_cause', 'carrier/weather');
    const sheet = parseSheet(bytes(edited), 'cases.csv');
    const outcome = updateCases(db, sheet.requests, { config: DEFAULTS, mode: 'sheet', actor: 'ana', now: '2026-05-11T09:00:00.000Z' });
    expect(outcome.problems).toEqual([
      {
        caseId: 3,
        origin: 'cases.csv:4',
        line: 4,
        message: 'root cause "carrier/weather" is not in the built-in root-cause taxonomy (no root_causes configured)',
      },
    ]);
    expect(db.prepare('SELECT count(*) FROM case_history').pluck().get()).toBe(before);
    expect(db.prepare('SELECT assignee FROM cases WHERE id = 1').pluck().get()).toBe(null);
  });
});
