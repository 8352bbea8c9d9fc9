import { beforeAll, describe, expect, it } from 'vitest';
import { column, type Report } from '../../src/report/model.js';
import { reportCsv, reportJson } from '../../src/report/render/data.js';
import { reportMarkdown } from '../../src/report/render/md.js';
import { reportText } from '../../src/report/render/terminal.js';
import { loadColors } from '../../src/io/colors.js';

// Chalk is loaded for colour only, as the CLI does before it renders for a terminal.
beforeAll(loadColors);

const REPORT: Report = {
  name: 'routes',
  title: 'Lane risk',
  asOf: Date.parse('2026-03-20T00:00:00Z'),
  window: { from: Date.parse('2026-02-21T00:00:00Z'), to: Date.parse('2026-03-21T00:00:00Z') },
  parameters: { threshold: '50 exceptions per 100 shipments' },
  definitions: ['Late %: delivered later than the tolerance.'],
  notes: ['One note.'],
  primarySection: 'lanes',
  sections: [
    {
      id: 'lanes',
      title: 'Lanes by risk',
      columns: [
        column('lane', 'lane'),
        column('shipments', 'shipments', 'count'),
        column('late_pct', 'late %', 'pct'),
        column('delay_mean_h', 'mean delay h', 'hours'),
        column('flagged', 'flag', 'flag'),
      ],
      rows: [
        { lane: 'A>B', shipments: 3, late_pct: 33.33, delay_mean_h: -0.04, flagged: 'FLAG' },
        { lane: '=cmd|x', shipments: 1, late_pct: null, delay_mean_h: null, flagged: '' },
      ],
      emptyMessage: 'No shipments.',
    },
    { id: 'empty', title: 'Nothing here', columns: [column('x', 'x')], rows: [], emptyMessage: 'No rows, because.' },
  ],
  charts: [],
};

describe('report renderers', () => {
  it('csv: one section, a header row of keys, dot decimals, empty cells for no value, CRLF, formula-like text guarded', () => {
    expect(reportCsv(REPORT, 'lanes')).toBe("lane,shipments,late_pct,delay_mean_h,flagged\r\nA>B,3,33.33,-0.04,FLAG\r\n'=cmd|x,1,,,\r\n");
  });

  it('csv --excel: UTF-8 BOM first; --raw: no formula guard', () => {
    const csv = reportCsv(REPORT, 'lanes', { excel: true });
    expect(csv.startsWith('\uFEFFlane,')).toBe(true);
    expect(csv).toContain("'=cmd|x,1");
    expect(reportCsv(REPORT, 'lanes', { raw: true })).toContain('\r\n=cmd|x,1');
  });

  it('json: metadata, definitions and every section by id', () => {
    const parsed = JSON.parse(reportJson([REPORT]));
    expect(parsed).toMatchObject({
      report: 'routes',
      as_of: '2026-03-20T00:00:00Z',
      period: { from: '2026-02-21T00:00:00Z', to: '2026-03-21T00:00:00Z' },
      parameters: { threshold: '50 exceptions per 100 shipments' },
      definitions: ['Late %: delivered later than the tolerance.'],
      notes: ['One note.'],
    });
    expect(parsed.sections.lanes[0]).toEqual({ lane: 'A>B', shipments: 3, late_pct: 33.33, delay_mean_h: -0.04, flagged: 'FLAG' });
    expect(parsed.sections.empty).toEqual([]);
    expect(Object.keys(JSON.parse(reportJson([REPORT, REPORT])))).toEqual(['reports']);
  });

  it('md: pipe tables with numbers right-aligned, pipes escaped, empty sections explained, definitions', () => {
    const md = reportMarkdown([REPORT]);
    expect(md).toContain('| lane | shipments | late % | mean delay h | flag |\n| --- | ---: | ---: | ---: | --- |');
    expect(md).toContain('| A>B | 3 | 33.3 | 0.0 | **FLAG** |');
    expect(md).toContain('| =cmd\\|x | 1 | – | – |  |');
    expect(md).toContain('_No rows, because._');
    expect(reportMarkdown([{ ...REPORT, notes: ['carrier said <script>alert(1)</script> & [click](javascript:x) *now*'] }])).toContain(
      '- carrier said &lt;script>alert(1)&lt;/script> &amp; \\[click\\](javascript:x) \\*now\\*',
    );
    expect(md).toContain('- Late %: delivered later than the tolerance.');
    expect(md).toContain('period 2026-02-21 00:00Z ≤ t < 2026-03-21 00:00Z (UTC)');
  });

  it('table: aligned columns, no colour codes unless asked, footer with definitions and notes', () => {
    const text = reportText([REPORT], false);
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toMatch(/│ A>B\s+│\s+3 │\s+33\.3 │\s+0\.0 │ FLAG │/);
    expect(text).toContain('No rows, because.');
    expect(text).toContain('- Late %: delivered later than the tolerance.');
    expect(text).toContain('- One note.');
    expect(reportText([REPORT], true)).toMatch(/\u001b\[/);
  });
});
