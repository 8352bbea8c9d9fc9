/**
 * DCSA Track & Trace (v2.2 and v3) event codes → canonical statuses.
 *
 * Sources: DCSA T&T 2.2 and 3.0 enumerations as published in dcsaorg/Conformance-Gateway
 * (`specifications/.../standards/tnt/v300/types/*.java`) and dcsaorg/DCSA-TNT
 * (`EquipmentEventTypeCode.java`, which adds AVPU/AVDO/CUSS/CUSI/CUSR to the 2.2 list).
 *
 * Keys: transport and equipment event codes as they are (ARRI, LOAD); shipment event codes are
 * qualified by the document they are about (`BKG:CONF`), because "confirmed" means a booking for a
 * booking and nothing a plan has for a shipping instruction. A `--mapping` override uses the same keys.
 *
 * No code covers two milestones (`alsoRecords`): DCSA keeps the container being picked up (PICK) and the
 * transport call's departure (DEPA) as separate events, and DROP implies arrival by the milestone order.
 */
import type { Classifier } from '../vocabulary.js';
import type { CodeTable } from './resolver.js';

export const DCSA_CODES: CodeTable = {
  // TRANSPORT: the vessel (or barge, rail, truck) at a transport call.
  ARRI: { status: 'arrived', label: 'Arrived' },
  DEPA: { status: 'departed', label: 'Departed' },

  // EQUIPMENT: the container.
  LOAD: { status: 'loaded', label: 'Loaded' },
  DISC: { status: 'discharged', label: 'Discharged' },
  GTIN: { status: 'gate_in', label: 'Gated in' },
  GTOT: { status: 'gate_out', label: 'Gated out' },
  PICK: { status: 'pickup', label: 'Picked up at the customer' },
  DROP: { status: 'delivered', label: 'Dropped off at the customer' },
  CUSS: { status: 'customs_hold', label: 'Customs selected for scan' },
  CUSI: { status: 'customs_hold', label: 'Customs selected for inspection' },
  CUSR: { status: 'customs_cleared', label: 'Customs released' },
  // Handling without a milestone: kept as position updates so `no_updates` sees them.
  STUF: { status: 'in_transit', label: 'Stuffed' },
  STRP: { status: 'in_transit', label: 'Stripped' },
  INSP: { status: 'in_transit', label: 'Seal inspected' },
  RSEA: { status: 'in_transit', label: 'Resealed' },
  RMVD: { status: 'in_transit', label: 'Seal removed' },
  AVPU: { status: 'in_transit', label: 'Available for pick-up' },
  AVDO: { status: 'in_transit', label: 'Available for drop-off' },
  CROS: { status: 'in_transit', label: 'Crossed (border)' },

  // SHIPMENT: document events that are shipment milestones or exceptions.
  'BKG:CONF': { status: 'booked', label: 'Booking confirmed' },
  'CBR:CONF': { status: 'booked', label: 'Booking request confirmed' },
  'BKG:REJE': { status: 'carrier_exception', label: 'Booking rejected' },
  'CBR:REJE': { status: 'carrier_exception', label: 'Booking request rejected' },
  'BKG:DECL': { status: 'carrier_exception', label: 'Booking declined' },
  'CBR:DECL': { status: 'carrier_exception', label: 'Booking request declined' },
  'BKG:CACF': { status: 'carrier_exception', label: 'Booking cancellation confirmed' },
  'CUS:HOLD': { status: 'customs_hold', label: 'Customs hold' },
  'CUC:HOLD': { status: 'customs_hold', label: 'Customs clearance on hold' },
  'CUS:RELS': { status: 'customs_cleared', label: 'Released by customs' },
  'CUC:RELS': { status: 'customs_cleared', label: 'Customs clearance released' },
};

/**
 * Every shipment event code DCSA defines (2.2 ⊂ 3.0). A valid code that is not in DCSA_CODES for
 * its document (drafting, approving, issuing, surrendering a document…) is document workflow, not a
 * shipment milestone: the reader skips it and counts it in one warning. A code outside this list is
 * not DCSA and is kept as an unknown carrier_exception.
 */
export const DCSA_SHIPMENT_EVENT_CODES: ReadonlySet<string> = new Set([
  'AMCF',
  'AMCN',
  'AMDC',
  'AMPR',
  'AMRE',
  'APPR',
  'CACF',
  'CADC',
  'CARE',
  'CMPL',
  'CONF',
  'DECL',
  'DRFT',
  'HOLD',
  'ISSU',
  'PENA',
  'PENM',
  'PENU',
  'PSAM',
  'PSDL',
  'RECE',
  'REJE',
  'RELS',
  'REQS',
  'SUAM',
  'SUBM',
  'SUDL',
  'SURR',
  'UPCF',
  'UPCN',
  'UPDC',
  'UPDT',
  'UPRE',
  'VOID',
]);

export const DCSA_CLASSIFIERS: Readonly<Record<string, Classifier>> = {
  ACT: 'actual',
  EST: 'estimated',
  PLN: 'planned',
};

/** Document types (documentTypeCode, documentReferenceType, typeCode) → canonical reference kinds. */
export const DCSA_DOCUMENT_REFERENCE_KINDS: Readonly<Record<string, string>> = {
  BKG: 'booking',
  CBR: 'booking_request',
  TRD: 'bol',
  SHI: 'shipping_instruction',
};

/** Reference types (`references[].referenceType`, v3 `shipmentReferences[].typeCode`) → kinds. */
export const DCSA_REFERENCE_KINDS: Readonly<Record<string, string>> = {
  EQ: 'container',
  PO: 'po',
  FF: 'forwarder_ref',
  SI: 'shipper_ref',
  CR: 'customer_ref',
  AAO: 'consignee_ref',
};
