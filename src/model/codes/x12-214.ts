/**
 * X12 214 (Transportation Carrier Shipment Status) AT7 codes → canonical status.
 *
 * Code lists:
 * - AT701, element 1650 "Shipment Status Code": https://www.stedi.com/edi/x12-004010/element/1650
 *   (same list in https://www.stedi.com/edi/x12-004030/element/1650).
 * - AT703, element 1652 "Shipment Appointment Status Code": https://stedi.com/edi/x12/element/1652
 * The two lists share no code, so one table holds both: the reader looks up AT701 when it is present,
 * else AT703 (an appointment), and keeps which element it was in `rawQualifier`.
 *
 * Choices where the canonical vocabulary is coarser than X12:
 * - Arrival at the pickup location (X3, X8) and departure from it (AF) are both `pickup`: on-time pickup
 *   is measured by when the truck reached the shipper, and some carriers send only X3 + CP.
 * - AF also records `departed` when the plan's mode is road (`alsoRecords`): on a truck, leaving the
 *   pick-up location with the shipment is the departure from origin (DESIGN.md, "Milestones"), and the
 *   214 has no other code for it (P1 is a terminal, RL a rail ramp). On other modes a truck
 *   leaving the shipper is pre-carriage: the vessel, flight or train departs later, so AF is pickup only.
 * - Arrival at the delivery location (X1, X5, S1) is `arrived`; completed unloading (D1) is `delivered`.
 * - Carrier departed the delivery location (CD) is `gate_out`: the shipment is already delivered, and a
 *   movement status must not make it look in transit again.
 * - There is no "out for delivery" code in 004010: OO means "Paperwork Received - Did not Receive
 *   Shipment or Equipment" (an exception); the closest is AJ "Tendered for Delivery".
 * - Appointments (AA/AB…) are `planned`, estimates (AG, X2, B6, C1, AC) are `estimated`.
 * A partner that uses a code differently overrides it in a `--mapping` file (table `x12-214`).
 */
import type { CodeTable } from './resolver.js';

export const X12_214_TABLE = 'x12-214';

export const X12_214_CODES: CodeTable = {
  // AT701 shipment status (element 1650)
  A3: { status: 'carrier_exception', label: 'Shipment Returned to Shipper' },
  A7: { status: 'carrier_exception', label: 'Refused by Consignee' },
  A9: { status: 'carrier_exception', label: 'Shipment Damaged' },
  AF: { status: 'pickup', alsoRecords: { road: ['departed'] }, label: 'Carrier Departed Pick-up Location with Shipment' },
  AG: { status: 'delivered', classifier: 'estimated', label: 'Estimated Delivery' },
  AH: { status: 'carrier_exception', label: 'Attempted Delivery' },
  AI: { status: 'carrier_exception', label: 'Shipment has been Reconsigned' },
  AJ: { status: 'out_for_delivery', label: 'Tendered for Delivery' },
  AM: { status: 'loaded', label: 'Loaded on Truck' },
  AN: { status: 'in_transit', label: 'Diverted to Air Carrier' },
  AP: { status: 'carrier_exception', label: 'Delivery Not Completed' },
  AR: { status: 'arrived', label: 'Rail Arrival at Destination Intermodal Ramp' },
  AV: { status: 'arrived', label: 'Available for Delivery' },
  B6: { status: 'arrived', classifier: 'estimated', label: 'Estimated to Arrive at Carrier Terminal' },
  BA: { status: 'in_transit', label: 'Connecting Line or Cartage Pick-up' },
  BC: { status: 'in_transit', label: 'Storage in Transit' },
  C1: { status: 'departed', classifier: 'estimated', label: 'Estimated to Depart Terminal Location' },
  CA: { status: 'carrier_exception', label: 'Shipment Cancelled' },
  CB: { status: 'delivered', label: 'Completed Shipment' },
  CD: { status: 'gate_out', label: 'Carrier Departed Delivery Location' },
  CL: { status: 'loaded', label: 'Trailer Closed Out' },
  CP: { status: 'loaded', label: 'Completed Loading at Pick-up Location' },
  D1: { status: 'delivered', label: 'Completed Unloading at Delivery Location' },
  I1: { status: 'gate_in', label: 'In-Gate' },
  J1: { status: 'in_transit', label: 'Delivered to Connecting Line' },
  K1: { status: 'in_transit', label: 'Arrived at Customs' },
  L1: { status: 'loaded', label: 'Loading' },
  OA: { status: 'gate_out', label: 'Out-Gate' },
  OO: { status: 'carrier_exception', label: 'Paperwork Received - Did not Receive Shipment or Equipment' },
  P1: { status: 'in_transit', label: 'Departed Terminal Location' },
  PA: { status: 'carrier_exception', label: 'Partial Shipment' },
  PR: { status: 'customs_hold', label: 'U.S. Customs Hold at In-Bond Location' },
  R1: { status: 'in_transit', label: 'Received from Prior Carrier' },
  RL: { status: 'departed', label: 'Rail Departure from Origin Intermodal Ramp' },
  S1: { status: 'arrived', label: "Trailer Spotted at Consignee's Location" },
  SD: { status: 'carrier_exception', label: 'Shipment Delayed' },
  X1: { status: 'arrived', label: 'Arrived at Delivery Location' },
  X2: { status: 'arrived', classifier: 'estimated', label: "Estimated Date and/or Time of Arrival at Consignee's Location" },
  X3: { status: 'pickup', label: 'Arrived at Pick-up Location' },
  X4: { status: 'in_transit', label: 'Arrived at Terminal Location' },
  X5: { status: 'arrived', label: 'Arrived at Delivery Location Loading Dock' },
  X6: { status: 'in_transit', label: 'En Route to Delivery Location' },
  X8: { status: 'pickup', label: 'Arrived at Pick-up Location Loading Dock' },
  XB: { status: 'booked', label: 'Shipment Acknowledged' },

  // AT703 appointment status (element 1652)
  AA: { status: 'pickup', classifier: 'planned', label: 'Pick-up Appointment Date and/or Time' },
  AB: { status: 'delivered', classifier: 'planned', label: 'Delivery Appointment Date and/or Time' },
  AC: { status: 'delivered', classifier: 'estimated', label: 'Estimated Delivery Appointment Date and/or Time' },
  ED: { status: 'delivered', classifier: 'planned', label: 'Deliver No Earlier Than Date and/or Time' },
  EP: { status: 'pickup', classifier: 'planned', label: 'Pick-up No Earlier Than Date and/or Time' },
  LD: { status: 'delivered', classifier: 'planned', label: 'Deliver No Later Than Date and/or Time' },
  LP: { status: 'pickup', classifier: 'planned', label: 'Pick-up No Later Than Date and/or Time' },
  // "Secured on this date": the time is when the appointment was made, not the appointment itself.
  X9: { status: 'in_transit', label: 'Delivery Appointment Secured on This Date and/or Time' },
  XA: { status: 'booked', label: 'Pick-up Appointment Secured on This Date and/or Time' },
};
