/** Reports as aligned terminal tables, colour only when the caller allows it. */
import type { ChalkInstance } from 'chalk';
import type { Severity } from '../../model/vocabulary.js';
import type { Column, Report, Section } from '../model.js';
import { displayCell, headerLines, isNumeric } from './cells.js';
import { makeColors } from '../../io/colors.js';
import { paintSeverity, renderTable } from './table.js';

function paint(text: string, column: Column, colors: ChalkInstance): string {
  if (column.type === 'severity') return paintSeverity(colors, text as Severity);
  if (column.type === 'flag' && text) return colors.bold.red(text);
  return text;
}

function sectionText(section: Section, colors: ChalkInstance): string {
  const title = colors.bold(section.title);
  if (section.rows.length === 0) return `${title}\n${section.emptyMessage}\n`;
  const rows = section.rows.map((row) => section.columns.map((c) => paint(displayCell(row[c.key] ?? null, c), c, colors)));
  const rightAligned = section.columns.flatMap((c, index) => (isNumeric(c) ? [index] : []));
  return `${title}\n${renderTable(
    section.columns.map((c) => c.title),
    rows,
    colors,
    rightAligned,
  )}\n`;
}

export function reportText(reports: readonly Report[], color: boolean): string {
  const colors = makeColors(color);
  return reports
    .map((report) => {
      const footer = [
        colors.dim('Definitions:'),
        ...report.definitions.map((line) => colors.dim(`- ${line}`)),
        ...(report.notes.length > 0 ? [colors.yellow('Notes:'), ...report.notes.map((line) => `- ${line}`)] : []),
      ];
      return [
        colors.bold.underline(report.title),
        ...headerLines(report),
        '',
        report.sections.map((section) => sectionText(section, colors)).join('\n'),
        ...footer,
        '',
      ].join('\n');
    })
    .join('\n');
}
