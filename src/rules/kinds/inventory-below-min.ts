import { type InventoryCheckKind } from './check-kind.js';

export const inventoryBelowMin: InventoryCheckKind<Record<string, never>, 'inventory_below_min'> = {
  id: 'inventory_below_min',
  scope: 'inventory',
  meta: {
    description: 'Stock on hand below its minimum level (latest count per SKU and location).',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    usesTolerance: false,
    compileOptions: () => ({}),
  },
  evaluate({ record }) {
    if (record.minLevel === undefined || record.onHand >= record.minLevel) return [];
    return [
      {
        key: 'below_min',
        actual: record.asOf.epochMs,
        deviationMinutes: 0,
        message: `${record.sku} at ${record.location}: ${record.onHand} on hand, below the minimum of ${record.minLevel}`,
      },
    ];
  },
};
