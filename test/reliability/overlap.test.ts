/**
 * Two audits on one database: the second waits for the first (or, without --wait, says who holds
 * it), and together they store every event and case once.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { auditArgs, dbIn, generatedInputs, runInProcess, snapshot, startCli } from './scenario.js';

let inputs: { plans: string; events: string };

beforeAll(async () => {
  inputs = await generatedInputs(1500);
});

async function untilLocked(db: string): Promise<void> {
  for (let waited = 0; !existsSync(`${db}.lock`); waited += 50) {
    if (waited > 20_000) throw new Error('the first audit never took the lock');
    await sleep(50);
  }
}

describe('overlapping audits', () => {
  it('a second audit without --wait exits 2 naming the running one; with --wait it runs after it, adding nothing twice', async () => {
    const db = dbIn();
    // The first audit, in a process of its own, holds the lock until the test creates `release`.
    const release = join(dirname(db), 'release');
    const first = startCli(auditArgs(inputs, db), { LOGEX_HOLD_AT: `evaluate:${release}` });
    // A failed assertion must not leave the held process waiting for ever.
    onTestFinished(() => writeFileSync(release, ''));
    await untilLocked(db);

    const refused = await runInProcess(auditArgs(inputs, db, ['--wait', '1']));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^logex: another audit is running on this database since \\S+, pid ${first.child.pid} \\(waited 1s\\); try again later or pass --wait SECONDS\\n$`,
      ),
    );

    const waiting = runInProcess(auditArgs(inputs, db, ['--wait', '60']));
    writeFileSync(release, '');
    const firstResult = await first.done;
    const second = await waiting;
    expect(firstResult.code).toBe(0);
    expect(second.code).toBe(0);

    const firstRun = JSON.parse(firstResult.stdout).run;
    const secondRun = JSON.parse(second.stdout).run;
    expect(firstRun.events_stored).toBeGreaterThan(0);
    // Every row the second run read was already stored: the first run's events and its in-file re-sends.
    expect(secondRun).toMatchObject({ events_stored: 0, events_duplicate: firstRun.events_stored + firstRun.events_duplicate, new: 0, plans_inserted: 0 });
    const { counts } = snapshot(db);
    expect(counts).toMatchObject({ runs: 2, events: firstRun.events_stored, cases: firstRun.exceptions, history: firstRun.exceptions });
  });

  it('logex notify does not deliver while an audit holds the database', async () => {
    const db = dbIn();
    const release = join(dirname(db), 'release');
    const audit = startCli(auditArgs(inputs, db), { LOGEX_HOLD_AT: `evaluate:${release}` });
    onTestFinished(() => writeFileSync(release, ''));
    await untilLocked(db);
    const notify = await runInProcess(['bin/logex.js', 'notify', '--rules', 'rules/', '--db', db]);
    expect(notify.code).toBe(2);
    expect(notify.stderr).toMatch(new RegExp(`^logex: another audit is running on this database since \\S+, pid ${audit.child.pid}; try again later`));
    writeFileSync(release, '');
    expect((await audit.done).code).toBe(0);
  });
});
