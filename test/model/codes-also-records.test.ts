/** Codes whose standard meaning covers two milestones: the code tables' `alsoRecords`, per mode. */
import { describe, expect, it } from 'vitest';
import { alsoRecordedMilestones, CODE_TABLES, TABLE_OF_QUALIFIER } from '../../src/model/codes/index.js';
import { X12_214_CODES } from '../../src/model/codes/x12-214.js';
import { X12_315_CODES } from '../../src/model/codes/x12-315.js';
import { MODES, milestoneRank, isMilestone, type Milestone } from '../../src/model/vocabulary.js';
import type { CarrierEvent } from '../../src/model/records.js';

type Coded = Pick<CarrierEvent, 'status' | 'classifier' | 'rawCode' | 'rawQualifier' | 'unknownCode'>;
const af214: Coded = { status: 'pickup', classifier: 'actual', rawCode: 'AF', rawQualifier: 'AT701' };

describe('alsoRecords in the code tables', () => {
  it('X12 214 AF (carrier departed pick-up location) records departed on road only', () => {
    expect(X12_214_CODES.AF).toMatchObject({ status: 'pickup', alsoRecords: { road: ['departed'] } });
    expect(Object.fromEntries(MODES.map((mode) => [mode, alsoRecordedMilestones(af214, mode)]))).toEqual({
      ocean: [],
      air: [],
      road: ['departed'],
      rail: [],
      parcel: [],
      multimodal: [],
    });
  });

  it('X12 315 AF is pickup only, whatever the mode: a 315 container move has its departure in VD', () => {
    expect(X12_315_CODES.AF).toEqual({ status: 'pickup', label: 'Departed Pickup Location' });
    expect(alsoRecordedMilestones({ ...af214, rawQualifier: 'B403' }, 'road')).toEqual([]);
  });

  it('records nothing extra when the event no longer says what the table says', () => {
    // A --mapping override gave AF another status for this partner.
    expect(alsoRecordedMilestones({ ...af214, status: 'in_transit' }, 'road')).toEqual([]);
    expect(alsoRecordedMilestones({ ...af214, classifier: 'estimated' }, 'road')).toEqual([]);
    // A CSV export's own "AF" (no X12 element behind it) is not the X12 code.
    expect(alsoRecordedMilestones({ ...af214, rawQualifier: undefined }, 'road')).toEqual([]);
  });

  it('every table entry with alsoRecords can be found again from a stored event, and names later milestones', () => {
    const qualifiedTables = new Set(Object.values(TABLE_OF_QUALIFIER));
    for (const [table, codes] of Object.entries(CODE_TABLES)) {
      for (const [code, mapping] of Object.entries(codes)) {
        if (!mapping.alsoRecords) continue;
        expect(qualifiedTables.has(table), `${table} ${code}`).toBe(true);
        expect(isMilestone(mapping.status), `${table} ${code}`).toBe(true);
        for (const milestone of Object.values(mapping.alsoRecords).flat() as Milestone[]) {
          // An earlier milestone is implied by the order already; only later ones need recording.
          expect(milestoneRank(milestone), `${table} ${code} ${milestone}`).toBeGreaterThan(milestoneRank(mapping.status as Milestone));
        }
      }
    }
  });
});
