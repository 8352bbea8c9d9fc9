/**
 * X12 315 (Status Details (Ocean)) B403 codes → canonical status.
 *
 * Code list: element 157 "Shipment Status Code", https://www.stedi.com/edi/x12-004010/element/157;
 * the ocean subset carriers actually send is the one in published 315 guides, e.g. Swire Shipping's
 * (https://portal.stedi.com/app/guides/view/swire-shipping-us-falan-martinez/status-details-ocean-updated/01J228B240QRYSZDD3R4NRH7VD):
 * AE, AL, AR, C, CR, CT, CU, E, I, OA, PA, RD, RI, RL, UV, VA, VD, X1, X2.
 *
 * Choices where the canonical vocabulary is coarser than X12:
 * - Vessel arrival/departure (VA/VD) are `arrived`/`departed`. The reader turns them into `in_transit`
 *   when the same message names that port as a transshipment port (R4 function T or I).
 * - Rail moves to and from inland ramps are `in_transit`, except rail arrival at the destination ramp
 *   (AR), which for an inland destination is the arrival.
 * - Empty equipment dispatched (EE) and empty container returned (RD) are gate moves of the box.
 * - No code records two milestones (`alsoRecords`). AF means what it means in the 214, but a 315 reports
 *   a container on an ocean or multimodal shipment, where the truck leaving the shipper is pre-carriage
 *   and the departure is the vessel's (VD). Codes that name a later milestone (D, X1) need nothing: an
 *   actual at a milestone implies the earlier ones (model/implied.ts).
 * A partner that uses a code differently overrides it in a `--mapping` file (table `x12-315`).
 */
import type { CodeTable } from './resolver.js';

export const X12_315_TABLE = 'x12-315';

export const X12_315_CODES: CodeTable = {
  '2': { status: 'carrier_exception', label: "Returned to Carrier's Terminal" },
  '3': { status: 'carrier_exception', label: 'Returned to Shipper' },
  A: { status: 'arrived', label: 'Arrived' },
  A1: { status: 'customs_hold', label: 'Agriculture Canada Hold' },
  A2: { status: 'customs_cleared', label: 'Agriculture Canada Released' },
  A3: { status: 'carrier_exception', label: 'Agriculture Canada Refused Entry' },
  A4: { status: 'customs_cleared', label: 'Agriculture Canada Conditional Release' },
  AA: { status: 'pickup', classifier: 'planned', label: 'Pick-up Appointment Date and Time' },
  AC: { status: 'customs_hold', label: 'Awaiting Clearance' },
  AD: { status: 'delivered', classifier: 'planned', label: 'Delivery Appointment Date and Time' },
  AE: { status: 'loaded', label: 'Loaded on Vessel' },
  AF: { status: 'pickup', label: 'Departed Pickup Location' },
  AG: { status: 'delivered', classifier: 'estimated', label: 'Estimated Delivery' },
  AH: { status: 'carrier_exception', label: 'Attempted Delivery' },
  AI: { status: 'carrier_exception', label: 'Shipment Has Been Reconsigned' },
  AJ: { status: 'out_for_delivery', label: 'Tendered for Delivery' },
  AL: { status: 'loaded', label: 'Loaded on Rail' },
  AM: { status: 'loaded', label: 'Loaded on Truck' },
  AN: { status: 'in_transit', label: 'Delivered to Air Carrier' },
  AO: { status: 'loaded', label: 'Loaded on Barge' },
  AP: { status: 'loaded', label: 'Loaded on Feeder Vessel' },
  AR: { status: 'arrived', label: 'Rail Arrival at Destination Intermodal Ramp' },
  AV: { status: 'arrived', label: 'Available for Delivery' },
  AW: { status: 'in_transit', label: 'Awaiting Export' },
  B: { status: 'carrier_exception', label: 'Bad Order (Inoperative or Damaged)' },
  BF: { status: 'booked', label: 'Booking Confirmed' },
  C: { status: 'departed', classifier: 'estimated', label: 'Estimated to Depart' },
  CA: { status: 'carrier_exception', label: 'Shipment Cancelled' },
  CR: { status: 'in_transit', label: 'Carrier Release' },
  CT: { status: 'customs_cleared', label: 'Customs Released' },
  CU: { status: 'customs_cleared', label: 'Carrier and Customs Release' },
  D: { status: 'delivered', label: 'Delivered' },
  E: { status: 'arrived', classifier: 'estimated', label: 'Estimated to Arrive (En Route)' },
  EE: { status: 'gate_out', label: 'Empty Equipment Dispatched' },
  FT: { status: 'carrier_exception', label: 'Free Time Expired' },
  I: { status: 'gate_in', label: 'In-Gate' },
  J: { status: 'in_transit', label: 'Delivered to Connecting Line' },
  K: { status: 'in_transit', label: 'Arrived at Customs' },
  L: { status: 'loaded', label: 'Loading' },
  OA: { status: 'gate_out', label: 'Out-Gate' },
  P: { status: 'in_transit', label: 'Departed Terminal Location' },
  PA: { status: 'customs_hold', label: 'U.S. Customs Hold, Intensive Examination' },
  PB: { status: 'customs_hold', label: 'U.S. Customs Hold, Insufficient Paperwork' },
  PC: { status: 'customs_hold', label: 'U.S. Customs Hold, Discrepancy in Paperwork' },
  PD: { status: 'customs_hold', label: 'U.S. Customs Hold, Discrepancy in Piece Count' },
  PE: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by Coast Guard' },
  PF: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by F.B.I.' },
  PG: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by Local Law Enforcement' },
  PH: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by Court Imposed Lien' },
  PI: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by Food and Drug' },
  PJ: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by Fish and Wildlife' },
  PK: { status: 'customs_hold', label: 'U.S. Customs Hold, Hold by Drug Enforcement' },
  PL: { status: 'customs_hold', label: 'U.S. Dept. of Agriculture Hold, Intensive Investigation' },
  PM: { status: 'customs_hold', label: 'U.S. Dept. of Agriculture Hold, Unregistered Producer' },
  PN: { status: 'customs_hold', label: 'U.S. Dept. of Agriculture Hold, Restricted Commodity' },
  PO: { status: 'customs_hold', label: 'U.S. Dept. of Agriculture Hold, Insect Infestation' },
  PP: { status: 'customs_hold', label: 'U.S. Dept. of Agriculture Hold, Bacterial Contamination' },
  R: { status: 'in_transit', label: 'Received from Prior Carrier' },
  RD: { status: 'gate_in', label: 'Return Container' },
  RL: { status: 'in_transit', label: 'Rail Departure from Origin Intermodal Ramp' },
  UR: { status: 'discharged', label: 'Unloaded from a Rail Car' },
  UV: { status: 'discharged', label: 'Unloaded From Vessel' },
  VA: { status: 'arrived', label: 'Vessel Arrival' },
  VD: { status: 'departed', label: 'Vessel Departure' },
  X1: { status: 'arrived', label: 'Arrived at Delivery Location' },
  X2: { status: 'arrived', classifier: 'estimated', label: 'Estimated Time of Arrival at Consignee Location' },
};
