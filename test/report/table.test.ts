/**
 * Terminal tables: drawn exactly as cli-table3 drew them before logex drew its own (so every table a
 * user knows looks the same), and an audit's table of tens of thousands of rows printed complete.
 */
import Table from 'cli-table3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditException } from '../../src/cases/exception-view.js';
import { SEVERITIES } from '../../src/model/vocabulary.js';
import { auditTableChunks } from '../../src/report/audit-exceptions.js';
import { loadColors, makeColors } from '../../src/io/colors.js';
import { paintSeverity, renderTable } from '../../src/report/render/table.js';

// Chalk is loaded for colour only, as the CLI does before it renders for a terminal.
beforeAll(loadColors);

/** What renderTable was: cli-table3 with these options. */
function cliTable3(header: string[], rows: string[][], colors: ReturnType<typeof makeColors>, alignRight: number[] = []): string {
  const table = new Table({
    head: header.map((title) => colors.bold(title)),
    style: { head: [], border: [], compact: true },
    colAligns: header.map((_, index) => (alignRight.includes(index) ? 'right' : 'left')),
    wordWrap: false,
  });
  table.push(...rows);
  return table.toString();
}

describe('renderTable', () => {
  const cases: { name: string; header: string[]; rows: (colors: ReturnType<typeof makeColors>) => string[][]; alignRight?: number[] }[] = [
    {
      name: 'plain and painted cells, right-aligned numbers',
      header: ['case', 'severity', 'score', 'lane'],
      rows: (colors) => [
        ['7', paintSeverity(colors, 'critical'), '88.0', 'CNSHA>USLAX'],
        ['12', paintSeverity(colors, 'low'), '3.5', colors.bold('DEHAM>USNYC (new)')],
        ['1024', paintSeverity(colors, 'medium'), '', ''],
      ],
      alignRight: [0, 2],
    },
    {
      name: 'cells of several lines, the header wider than the rows',
      header: ['at', 'a long column title', 'note'],
      rows: () => [
        ['2026-05-05', 'x', 'called the carrier\nthey will call back\n'],
        ['', 'two\nlines', 'one'],
      ],
      alignRight: [1],
    },
    {
      name: 'wide and zero-width characters',
      header: ['location', 'as sent'],
      rows: (colors) => [
        ['上海 CNSHA', 'Zoll geprüft'],
        ['東京', colors.red('🚢 at berth')],
        ['Tab\there', 'ü̈'],
      ],
    },
    { name: 'the header alone', header: ['milestone', 'planned'], rows: () => [] },
  ];

  for (const { name, header, rows, alignRight } of cases) {
    it(`draws ${name} as cli-table3 did, with and without colour`, () => {
      for (const color of [false, true]) {
        const colors = makeColors(color);
        expect(renderTable(header, rows(colors), colors, alignRight)).toBe(cliTable3(header, rows(colors), colors, alignRight));
      }
    });
  }
});

describe('auditTableChunks', () => {
  const exception = (index: number): AuditException => ({
    case_id: index + 1,
    rule: index % 3 ? 'arrival-overdue' : 'customs-hold',
    kind: 'milestone_overdue',
    shipment_id: `SHP${String(index).padStart(6, '0')}`,
    carrier: index % 2 ? 'MAEU' : 'LH',
    mode: 'ocean',
    lane: 'CNPVG>USORD',
    milestone: index % 4 ? 'arrived' : null,
    finding: index % 4 ? 'arrived' : 'commercial_invoice',
    severity: SEVERITIES[index % 4]!,
    score: (index % 1000) / 10,
    planned: '2026-01-21T07:00:00Z',
    actual: index % 5 ? '2026-01-23T07:30:00Z' : null,
    deviation_minutes: index,
    status: 'open',
    new: index % 2 === 0,
    escalated: false,
    team: index % 7 ? 'ocean-desk' : null,
    message: 'late',
  });

  it('prints every row of a large audit, in order and aligned, a chunk at a time', () => {
    const exceptions = Array.from({ length: 40_000 }, (_, index) => exception(index));
    const chunks = [...auditTableChunks(() => exceptions, false)];
    expect(chunks.length).toBeGreaterThan(1);
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe('');
    // Top rule, header, rule under it, a line per exception, bottom rule.
    expect(lines).toHaveLength(exceptions.length + 4);
    expect(lines[0]).toMatch(/^┌─+┬/);
    expect(lines[1]).toMatch(/^│ +case │ severity │/);
    expect(lines[2]).toMatch(/^├─+┼/);
    expect(lines.at(-1)).toMatch(/^└─+┴.*┘$/);
    const body = lines.slice(3, -1);
    expect(body.map((line) => Number(line.split('│')[1]))).toEqual(exceptions.map((e) => e.case_id));
    expect(body[39_999]).toMatch(
      /^│ 40000 │ critical │  99\.9 │ customs-hold +│ SHP039999 │ MAEU +│ CNPVG>USORD │ arrived +│ 2026-01-21 07:00 │ 2026-01-23 07:30 │ +27d18h39m │ open +│ ocean-desk │$/,
    );
    expect(new Set(lines.map((line) => line.length))).toEqual(new Set([lines[0]!.length]));
  });

  it('looks as it did for a small audit, names what each finding is about, leaves "late by" blank when nothing is late, and says so when there is nothing', () => {
    const text = [...auditTableChunks(() => [0, 997, 1994].map(exception), false)].join('');
    expect(text).toBe(
      [
        '┌──────┬──────────┬───────┬─────────────────┬───────────┬─────────┬─────────────┬────────────────────┬──────────────────┬──────────────────┬─────────┬────────────┬────────────┐',
        '│ case │ severity │ score │ rule            │ shipment  │ carrier │ lane        │ finding            │ planned (UTC)    │ actual/est (UTC) │ late by │ status     │ team       │',
        '├──────┼──────────┼───────┼─────────────────┼───────────┼─────────┼─────────────┼────────────────────┼──────────────────┼──────────────────┼─────────┼────────────┼────────────┤',
        '│    1 │ low      │   0.0 │ customs-hold    │ SHP000000 │ LH      │ CNPVG>USORD │ commercial_invoice │ 2026-01-21 07:00 │                  │         │ open (new) │            │',
        '│  998 │ medium   │  99.7 │ arrival-overdue │ SHP000997 │ MAEU    │ CNPVG>USORD │ arrived            │ 2026-01-21 07:00 │ 2026-01-23 07:30 │  16h37m │ open       │ ocean-desk │',
        '│ 1995 │ high     │  99.4 │ arrival-overdue │ SHP001994 │ LH      │ CNPVG>USORD │ arrived            │ 2026-01-21 07:00 │ 2026-01-23 07:30 │ 1d9h14m │ open (new) │ ocean-desk │',
        '└──────┴──────────┴───────┴─────────────────┴───────────┴─────────┴─────────────┴────────────────────┴──────────────────┴──────────────────┴─────────┴────────────┴────────────┘',
        '',
      ].join('\n'),
    );
    expect([...auditTableChunks(() => [], false)].join('')).toBe('No exceptions.\n');
  });
});
