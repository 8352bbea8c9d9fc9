/**
 * What every analytics report produces: tables (sections) of plain values, the definitions that make
 * each number checkable by hand, and chart specs. Renderers (table, csv, json, md, html) only format it.
 */
import type { TopLevelSpec } from 'vega-lite';

export type CellValue = string | number | null;

/**
 * How a column is shown: `pct` and `hours` are numbers with one decimal in tables, kept at two in
 * csv/json; `date` is an ISO 8601 UTC instant; `flag` and `severity` are text that tables highlight.
 */
export type ColumnType = 'text' | 'count' | 'pct' | 'hours' | 'number' | 'date' | 'flag' | 'severity';

export interface Column {
  key: string;
  title: string;
  type: ColumnType;
}

export type Row = Record<string, CellValue>;

export interface Section {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
  /** Shown instead of an empty table, saying why it is empty. */
  emptyMessage: string;
}

export interface Chart {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

export interface Report {
  name: string;
  title: string;
  /** The instant the report describes: only actual events dated up to it count. */
  asOf: number;
  window: { from: number; to: number };
  /** Other settings the numbers depend on (filters, tolerances, thresholds), as shown in the footer. */
  parameters: Record<string, string>;
  /** How each figure is computed, in words a reader can check a number against. */
  definitions: string[];
  /** What the data could not support (empty tables, missing columns), said plainly. */
  notes: string[];
  sections: Section[];
  charts: Chart[];
  /** The section `--format csv` writes when no `--section` is given. */
  primarySection: string;
}

export function column(key: string, title: string, type: ColumnType = 'text'): Column {
  return { key, title, type };
}
