/**
 * The reports' charts as Vega-Lite specs with their data inlined, so the HTML renderer can turn each
 * into a static SVG without any network or browser-side script.
 */
import type { TopLevelSpec } from 'vega-lite';

type Datum = Record<string, string | number | null>;

const WIDTH = 640;
const COLORS = { main: '#4c78a8', flagged: '#e45756' } as const;

/**
 * Bars per category, one bar per group side by side (e.g. on-time % per carrier and milestone). A 0
 * has no height, like a missing value: zeros get a tick on the axis and missing values an "n/a", so a
 * carrier that was never on time does not look like one that was never measured.
 */
export function groupedBars(options: {
  values: Datum[];
  x: string;
  group: string;
  groupOrder: string[];
  y: string;
  yTitle: string;
  yMax?: number;
}): TopLevelSpec {
  const y = { field: options.y, type: 'quantitative' as const, title: options.yTitle, ...(options.yMax ? { scale: { domain: [0, options.yMax] } } : {}) };
  const color = { field: options.group, type: 'nominal' as const, sort: options.groupOrder, title: null };
  return {
    width: { step: 14 * options.groupOrder.length + 4, for: 'position' },
    height: 260,
    data: { values: options.values },
    encoding: {
      x: { field: options.x, type: 'nominal', title: null, axis: { labelAngle: -40 } },
      xOffset: { field: options.group, type: 'nominal', sort: options.groupOrder },
    },
    layer: [
      {
        mark: 'bar',
        encoding: { y, color, tooltip: [{ field: options.x }, { field: options.group }, { field: options.y }] },
      },
      {
        name: 'zero',
        transform: [{ filter: `datum['${options.y}'] === 0` }],
        mark: { type: 'tick', orient: 'horizontal', thickness: 3 },
        encoding: { y, color },
      },
      {
        name: 'no_data',
        transform: [{ filter: `datum['${options.y}'] === null` }],
        mark: { type: 'text', text: 'n/a', angle: 270, align: 'left', dx: 4, fontSize: 9, color: '#57606a' },
        encoding: { y: { datum: 0, type: 'quantitative', ...(options.yMax ? { scale: { domain: [0, options.yMax] } } : {}) } },
      },
    ],
  };
}

/**
 * A Pareto chart: counts as bars, most frequent first, with the cumulative share as a line on its own
 * 0–100 % axis. Counts are whole, so the count axis ticks only at integers.
 */
export function paretoChart(options: { values: Datum[]; category: string; value: string; valueTitle: string; cumulative: string }): TopLevelSpec {
  return {
    width: WIDTH - 200,
    height: 260,
    data: { values: options.values },
    encoding: { x: { field: options.category, type: 'nominal', sort: null, title: null, axis: { labelAngle: -40 } } },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.main },
        encoding: {
          y: { field: options.value, type: 'quantitative', title: options.valueTitle, axis: { format: 'd', tickMinStep: 1 } },
          tooltip: [{ field: options.category }, { field: options.value }],
        },
      },
      {
        mark: { type: 'line', point: true, color: COLORS.flagged },
        encoding: {
          y: { field: options.cumulative, type: 'quantitative', title: 'cumulative %', scale: { domain: [0, 100] }, axis: { orient: 'right' } },
          tooltip: [{ field: options.category }, { field: options.cumulative }],
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
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
