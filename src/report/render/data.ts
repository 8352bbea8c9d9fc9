/** Reports as data: JSON with every section and its definitions, or one section as CSV for spreadsheets. */
import { isoUtc } from '../../model/time.js';
import type { Report } from '../model.js';
import { type CsvOptions, toCsv } from '../../io/csv/write.js';

function reportObject(report: Report): Record<string, unknown> {
  return {
    report: report.name,
    title: report.title,
    as_of: isoUtc(report.asOf),
    period: { from: isoUtc(report.window.from), to: isoUtc(report.window.to) },
    parameters: report.parameters,
    definitions: report.definitions,
    notes: report.notes,
    sections: Object.fromEntries(report.sections.map((section) => [section.id, section.rows])),
  };
}

export function reportJson(reports: readonly Report[]): string {
  const body = reports.length === 1 ? reportObject(reports[0]!) : { reports: reports.map(reportObject) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** One section: a header row of column keys, values as stored (ISO dates, dot decimals, empty for none). */
export function reportCsv(report: Report, sectionId: string, options: CsvOptions = {}): string {
  const section = report.sections.find((s) => s.id === sectionId);
  if (!section) throw new Error(`report ${report.name} has no section ${sectionId}`);
  return toCsv(
    section.columns.map((c) => c.key),
    section.rows.map((row) => section.columns.map((c) => row[c.key] ?? null)),
    options,
  );
}
