/** The formats of `logex report`: one registry for every report and for `report all`. */
import type { FormatRegistry } from '../../io/output-format.js';
import type { Report } from '../model.js';
import { reportCsv, reportJson } from './data.js';
import { reportMarkdown } from './md.js';
import { reportText } from './terminal.js';

/** The reports to print; `section` picks CSV's one table (default: the report's main one). */
export interface ReportOutput {
  reports: readonly Report[];
  section?: string;
}

export const REPORT_FORMATS: FormatRegistry<ReportOutput> = [
  { name: 'table', description: 'aligned columns', render: ({ reports }, { color }) => reportText(reports, color) },
  { name: 'json', description: 'every section and its definitions', render: ({ reports }) => reportJson(reports) },
  {
    name: 'csv',
    description: 'one section of one report',
    render: ({ reports, section }, { csv }) => reportCsv(reports[0]!, section ?? reports[0]!.primarySection, csv),
  },
  { name: 'md', description: 'Markdown tables', render: ({ reports }) => reportMarkdown(reports) },
  {
    name: 'html',
    description: 'a page with charts',
    // Vega is large: loaded only for HTML, so every other command starts fast.
    render: async ({ reports }) => (await import('./html.js')).reportHtmlPage(reports),
  },
];
