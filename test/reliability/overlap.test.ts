/**
 * Two audits on one database: the second waits for the first (or, without --wait, says who holds
 * it), and together they store every event and case once.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditArgs, dbIn, generatedInputs, runCli, snapshot, startCli } from './scenario.js';

let inputs: { plans: string; events: string };

beforeAll(async () => {
  inputs = await generatedInputs(1500);
}, 120_000);

async function untilLocked(db: string): Promise<void> {
  for (let waited = 0; !existsSync(`${db}.lock`); waited += 50) {
    if (waited > 20_000) throw new Error('the first audit never took the lock');
    await sleep(50);
  }
}

describe('overlapping audits', () => {
  it('a second audit without --wait exits 2 naming the running one; with --wait it runs after it, adding nothing twice', async () => {
    const db = dbIn();
    const first = startCli(auditArgs(inputs, db), { LOGEX_HOLD_AT: 'evaluate:3000' });
    await untilLocked(db);

    const refused = runCli(auditArgs(inputs, db, ['--wait', '1']));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(`^logex: another audit is running on this database since \\S+, pid ${first.child.pid} \\(waited 1s\\); try again later or pass --wait SECONDS\\n$`),
    );

    const second = runCli(auditArgs(inputs, db, ['--wait', '60']));
    const firstResult = await first.done;
    expect(firstResult.code).toBe(0);
    expect(second.code).toBe(0);

    const firstRun = JSON.parse(firstResult.stdout).run;
    const secondRun = JSON.parse(second.stdout).run;
    expect(firstRun.events_stored).toBeGreaterThan(0);
    // Every row the second run read was already stored: the first run's events and its in-file re-sends.
    expect(secondRun).toMatchObject({ events_stored: 0, events_duplicate: firstRun.events_stored + firstRun.events_duplicate, new: 0, plans_inserted: 0 });
    const { counts } = snapshot(db);
    expect(counts).toMatchObject({ runs: 2, events: firstRun.events_stored, cases: firstRun.exceptions, history: firstRun.exceptions });
  }, 90_000);

  it('logex notify does not deliver while an audit holds the database', async () => {
    const db = dbIn();
    const audit = startCli(auditArgs(inputs, db), { LOGEX_HOLD_AT: 'evaluate:3000' });
    await untilLocked(db);
    const notify = runCli(['bin/logex.js', 'notify', '--rules', 'rules/', '--db', db]);
    expect(notify.code).toBe(2);
    expect(notify.stderr).toMatch(new RegExp(`^logex: another audit is running on this database since \\S+, pid ${audit.child.pid}; try again later`));
    expect((await audit.done).code).toBe(0);
  }, 90_000);
});
