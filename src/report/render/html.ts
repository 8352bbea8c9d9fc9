/**
 * Reports as one self-contained HTML file: inline CSS, tables, and charts rendered to static SVG in
 * Node by Vega (no script, no network, nothing to load), so the file opens anywhere and can be mailed.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart, Report, Section } from '../model.js';
import { displayCell, headerLines, isNumeric } from './cells.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #d0d7de; padding-bottom: .25rem; margin-top: 2.5rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
nav a { margin-right: 1rem; }
.meta { color: #57606a; margin: .25rem 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.table-scroll { overflow-x: auto; max-width: 100%; margin-bottom: 1rem; }
.capped { color: #57606a; margin: 0 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; white-space: nowrap; }
th { background: #f6f8fa; }
td.num { text-align: right; }
td.flag { color: #cf222e; font-weight: 600; }
.empty { color: #57606a; font-style: italic; }
figure.chart { margin: 1rem 0; overflow-x: auto; }
figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
.notes { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem 1rem; }
.definitions { color: #57606a; font-size: .9rem; }
`;

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

async function chartSvg(chart: Chart): Promise<string> {
  const view = new vega.View(vega.parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rows a section shows in the page; the rest are in its CSV (a page of 5,000 rows is read by nobody). */
const MAX_HTML_ROWS = 100;

function sectionHtml(report: Report, section: Section): string {
  const heading = `<h3 id="${escapeHtml(section.id)}">${escapeHtml(section.title)}</h3>`;
  if (section.rows.length === 0) return `${heading}\n<p class="empty">${escapeHtml(section.emptyMessage)}</p>`;
  const head = section.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const shown = section.rows.slice(0, MAX_HTML_ROWS);
  const body = shown
    .map((row) => {
      const cells = section.columns.map((c) => {
        const kind = isNumeric(c) ? ' class="num"' : c.type === 'flag' ? ' class="flag"' : '';
        return `<td${kind}>${escapeHtml(displayCell(row[c.key] ?? null, c))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const capped =
    shown.length < section.rows.length
      ? `\n<p class="capped">First ${shown.length} of ${section.rows.length} rows; all of them: <code>logex report ${escapeHtml(report.name)} --format csv --section ${escapeHtml(section.id)}</code></p>`
      : '';
  // A wide table scrolls inside its own box instead of widening the page.
  return `${heading}\n<div class="table-scroll"><table data-section="${escapeHtml(section.id)}">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>${capped}`;
}

async function reportHtml(report: Report): Promise<string> {
  const charts = await Promise.all(
    report.charts.map(
      async (chart) =>
        `<figure class="chart" id="chart-${escapeHtml(chart.id)}">\n<figcaption>${escapeHtml(chart.title)}</figcaption>\n${await chartSvg(chart)}\n</figure>`,
    ),
  );
  return [
    `<section class="report" id="report-${escapeHtml(report.name)}">`,
    `<h2>${escapeHtml(report.title)}</h2>`,
    ...headerLines(report).map((line) => `<p class="meta">${escapeHtml(line)}</p>`),
    ...charts,
    ...report.sections.map((section) => sectionHtml(report, section)),
    ...(report.notes.length > 0
      ? [`<div class="notes"><strong>Notes</strong><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>`]
      : []),
    `<details class="definitions" open><summary>Definitions</summary><ul>${report.definitions.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul></details>`,
    '</section>',
  ].join('\n');
}

export async function reportHtmlPage(reports: readonly Report[]): Promise<string> {
  const title = reports.length === 1 ? `logex — ${reports[0]!.title}` : 'logex — reports';
  const nav = reports.length > 1 ? `<nav>${reports.map((r) => `<a href="#report-${escapeHtml(r.name)}">${escapeHtml(r.title)}</a>`).join('')}</nav>` : '';
  const bodies = await Promise.all(reports.map(reportHtml));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${nav}
${bodies.join('\n')}
</body>
</html>
`;
}
