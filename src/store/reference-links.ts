/**
 * Linking events that name no shipment to a plan by their references (bol, booking, container, pro,
 * awb…): as each event is written, and for the events still waiting for their plan at the end of a run.
 * A container number is reused across shipments, so document references win over it, and among equals
 * the most recently planned shipment, then the first by id.
 */
import type { Reference } from '../model/records.js';
import type { Db } from './database.js';

/** Enough for the shipments of one file section that interleave, small next to the store's page cache. */
const RECENT_REFS = 4096;

export class ReferenceLinker {
  private readonly plansWithRef;
  private readonly firstRunOf;
  /**
   * Recent reference → plan lookups. Carrier files list a shipment's events together (an EDI 214 per
   * shipment, CSV exports by consignment), so most lookups repeat the one before. Plans only change
   * through the writer, which calls forgetPlans; unbounded it would hold every reference of a large import.
   */
  private readonly recentRefs = new Map<string, readonly string[]>();

  constructor(private readonly db: Db) {
    // Just the reference's own index: which plan was first planned when matters only when several
    // match, and joining shipments for it on every lookup made the lookup twice as slow.
    this.plansWithRef = db.prepare('SELECT shipment_id FROM shipment_refs WHERE kind = ? AND value = ?').pluck();
    this.firstRunOf = db.prepare('SELECT first_run FROM shipments WHERE shipment_id = ?').pluck();
  }

  /** A plan or its references changed: what was looked up before may be out of date. */
  forgetPlans(): void {
    this.recentRefs.clear();
  }

  /**
   * The shipment an event's references point at, by the rule of linkWaiting, and the kind of reference
   * that matched it, looked up as the event is written: a run writes its plans first, so this finds
   * what the later UPDATE would, without rewriting the row and its index entries afterwards. Undefined
   * when no plan has the reference yet.
   */
  linkOnWrite(refs: readonly Reference[]): { shipmentId: string; by: string } | undefined {
    const candidates: { shipmentId: string; container: boolean; by: string }[] = [];
    for (const ref of refs) {
      for (const shipmentId of this.plansByRef(ref)) candidates.push({ shipmentId, container: ref.kind === 'container', by: ref.kind });
    }
    if (candidates.length <= 1) return candidates[0];
    const ranked = candidates.map((candidate) => ({ ...candidate, firstRun: this.firstRunOf.get(candidate.shipmentId) as number }));
    // A stable sort: among references to the same plan, the first the event lists names the link.
    return ranked.sort(linkOrder)[0]!;
  }

  /** The plans with a reference: usually one, more for a container number reused across shipments. */
  private plansByRef(ref: Reference): readonly string[] {
    const key = `${ref.kind}\u0000${ref.value}`;
    let found = this.recentRefs.get(key);
    if (found === undefined) {
      found = this.plansWithRef.all(ref.kind, ref.value) as string[];
      if (this.recentRefs.size >= RECENT_REFS) this.recentRefs.delete(this.recentRefs.keys().next().value!);
      this.recentRefs.set(key, found);
    }
    return found;
  }

  /**
   * Gives events that named no shipment the shipment their references point at. Runs after every
   * ingest, so events that arrived before their plan are matched when the plan comes. Returns how many
   * it linked (the writer counts those linkOnWrite linked as they were written).
   */
  linkWaiting(): number {
    return this.db
      .prepare(
        `UPDATE events SET shipment_id = (
           SELECT r.shipment_id FROM event_refs er
           JOIN shipment_refs r ON r.kind = er.kind AND r.value = er.value
           JOIN shipments s ON s.shipment_id = r.shipment_id
           WHERE er.event_id = events.id
           ORDER BY (er.kind = 'container'), s.first_run DESC, r.shipment_id
           LIMIT 1)
         WHERE shipment_id IS NULL
           AND EXISTS (SELECT 1 FROM event_refs er JOIN shipment_refs r ON r.kind = er.kind AND r.value = er.value
                       WHERE er.event_id = events.id)`,
      )
      .run().changes;
  }
}

/** linkWaiting's ORDER BY: document references before a container, then the latest plan, then the id. */
function linkOrder(a: { shipmentId: string; firstRun: number; container: boolean }, b: typeof a): number {
  return Number(a.container) - Number(b.container) || b.firstRun - a.firstRun || (a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0);
}
