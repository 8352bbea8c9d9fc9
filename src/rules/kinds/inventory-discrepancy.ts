import { type InventoryCheckKind } from './check-kind.js';

/** Counted against expected quantity: over `max_pct` percent of expected, or over `max_units`. */
export const inventoryDiscrepancy: InventoryCheckKind<{ maxPct?: number; maxUnits?: number }, 'inventory_discrepancy'> = {
  id: 'inventory_discrepancy',
  scope: 'inventory',
  meta: {
    description: 'Counted vs expected quantity beyond `max_pct` (percent) or `max_units`.',
    optionsSchema: {
      type: 'object',
      properties: { max_pct: { type: 'number', minimum: 0 }, max_units: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    },
    usesTolerance: false,
    compileOptions: (raw) => ({ maxPct: raw.max_pct as number | undefined, maxUnits: raw.max_units as number | undefined }),
  },
  evaluate({ record }, { maxPct, maxUnits }) {
    if (record.countedQty === undefined || record.expectedQty === undefined) return [];
    const difference = record.countedQty - record.expectedQty;
    const overUnits = maxUnits !== undefined && Math.abs(difference) > maxUnits;
    const percent = record.expectedQty === 0 ? (difference === 0 ? 0 : Infinity) : (Math.abs(difference) / record.expectedQty) * 100;
    const overPct = maxPct !== undefined && percent > maxPct;
    // With neither limit set, any difference is a discrepancy.
    const noLimit = maxPct === undefined && maxUnits === undefined && difference !== 0;
    if (!overUnits && !overPct && !noLimit) return [];
    return [
      {
        key: 'count',
        actual: record.asOf.epochMs,
        deviationMinutes: 0,
        message: `${record.sku} at ${record.location}: counted ${record.countedQty}, expected ${record.expectedQty} (${difference > 0 ? '+' : ''}${difference}, ${Number.isFinite(percent) ? percent.toFixed(1) : '∞'}%)`,
      },
    ];
  },
};
