/**
 * The reports' charts as Vega-Lite specs with their data inlined, so the HTML renderer can turn each
 * into a static SVG without any network or browser-side script.
 */
import type { TopLevelSpec } from 'vega-lite';

type Datum = Record<string, string | number | null>;

const WIDTH = 640;
const COLORS = { main: '#4c78a8', flagged: '#e45756' } as const;

/** Bars per category, one bar per group side by side (e.g. on-time % per carrier and milestone). */
export function groupedBars(options: {
  values: Datum[];
  x: string;
  group: string;
  groupOrder: string[];
  y: string;
  yTitle: string;
  yMax?: number;
}): TopLevelSpec {
  return {
    width: { step: 14 * options.groupOrder.length + 4, for: 'position' },
    height: 260,
    data: { values: options.values },
    mark: 'bar',
    encoding: {
      x: { field: options.x, type: 'nominal', title: null, axis: { labelAngle: -40 } },
      xOffset: { field: options.group, type: 'nominal', sort: options.groupOrder },
      y: { field: options.y, type: 'quantitative', title: options.yTitle, ...(options.yMax ? { scale: { domain: [0, options.yMax] } } : {}) },
      color: { field: options.group, type: 'nominal', sort: options.groupOrder, title: null },
      tooltip: [{ field: options.x }, { field: options.group }, { field: options.y }],
    },
  };
}

/** Horizontal bars, largest first; rows whose `flag` field is set are drawn in the warning colour. */
export function rankedBars(options: { values: Datum[]; category: string; value: string; valueTitle: string; flag?: string }): TopLevelSpec {
  return {
    width: WIDTH - 200,
    height: { step: 18 },
    data: { values: options.values },
    mark: 'bar',
    encoding: {
      y: { field: options.category, type: 'nominal', sort: '-x', title: null },
      x: { field: options.value, type: 'quantitative', title: options.valueTitle },
      color: options.flag ? { condition: { test: `datum['${options.flag}']`, value: COLORS.flagged }, value: COLORS.main } : { value: COLORS.main },
      tooltip: [{ field: options.category }, { field: options.value }],
    },
  };
}

/** One line per series over an ordinal time axis (ISO weeks), with points so a single week shows. */
export function trendLines(options: { values: Datum[]; x: string; series: string; value: string }): TopLevelSpec {
  return {
    width: WIDTH,
    height: 240,
    data: { values: options.values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: options.x, type: 'ordinal', title: null, axis: { labelAngle: -40 } },
      y: { field: options.value, type: 'quantitative', title: null },
      color: { field: options.series, type: 'nominal', title: null },
      tooltip: [{ field: options.x }, { field: options.series }, { field: options.value, type: 'quantitative' }],
    },
  };
}

/** A grid of rectangles: rows × columns coloured by a value (e.g. lane × ISO week exception rate). */
export function heatMap(options: { values: Datum[]; x: string; y: string; value: string; valueTitle: string }): TopLevelSpec {
  return {
    width: { step: 28 },
    height: { step: 18 },
    data: { values: options.values },
    mark: 'rect',
    encoding: {
      x: { field: options.x, type: 'ordinal', title: null, axis: { labelAngle: -40 } },
      y: { field: options.y, type: 'nominal', title: null },
      color: { field: options.value, type: 'quantitative', title: options.valueTitle, scale: { scheme: 'orangered' } },
      tooltip: [{ field: options.y }, { field: options.x }, { field: options.value }],
    },
  };
}
