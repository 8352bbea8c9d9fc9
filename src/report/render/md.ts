/** Reports as Markdown, for pasting into a ticket: pipe tables, numbers right-aligned, the definitions below. */
import type { CellValue, Column, Report, Section } from '../model.js';
import { displayCell, headerLines, isNumeric } from './cells.js';

/**
 * A pipe or line break inside a cell would end it; carrier text may hold HTML (`<script>`), which
 * Markdown renderers pass through, or link and emphasis syntax. `>` stays (lanes are `A>B`): without a
 * `<` it opens no tag.
 */
function escapeCell(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replace(/[|*_`[\]]/g, (special) => `\\${special}`)
    .replace(/\r?\n|\r/g, ' ');
}

function mdCell(value: CellValue, column: Column): string {
  const text = escapeCell(displayCell(value, column));
  return column.type === 'flag' && text ? `**${text}**` : text;
}

function sectionMd(section: Section): string {
  const heading = `### ${section.title}\n\n`;
  if (section.rows.length === 0) return `${heading}_${section.emptyMessage}_\n`;
  const header = `| ${section.columns.map((c) => escapeCell(c.title)).join(' | ')} |`;
  const rule = `|${section.columns.map((c) => (isNumeric(c) ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = section.rows.map((row) => `| ${section.columns.map((c) => mdCell(row[c.key] ?? null, c)).join(' | ')} |`);
  return `${heading}${[header, rule, ...rows].join('\n')}\n`;
}

export function reportMarkdown(reports: readonly Report[]): string {
  return reports
    .map((report) =>
      [
        `## ${report.title}`,
        '',
        headerLines(report).join('  \n'),
        '',
        report.sections.map(sectionMd).join('\n'),
        ...(report.notes.length > 0 ? ['**Notes**', '', ...report.notes.map((line) => `- ${escapeCell(line)}`), ''] : []),
        '<details><summary>Definitions</summary>',
        '',
        ...report.definitions.map((line) => `- ${line}`),
        '',
        '</details>',
        '',
      ].join('\n'),
    )
    .join('\n');
}
