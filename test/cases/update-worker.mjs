// A child process for concurrency.test.ts: many small bulk updates on one store through the built
// library, as `logex cases update` makes them. Plain JS so node runs it without a TypeScript loader.
import { caseConfig } from '../../dist/cases/config.js';
import { updateCases } from '../../dist/cases/update.js';
import { openStore } from '../../dist/store/database.js';

import { existsSync } from 'node:fs';

const [path, name, rounds, go, ...ids] = process.argv.slice(2);
const db = openStore(path);
// Ready, then wait for the test to say go (it creates the file once both workers are ready): the
// rounds overlap however long each process took to start.
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 5));
for (let round = 1; round <= Number(rounds); round++) {
  const edit = { assignee: `${name}-${round}`, note: `${name} round ${round}` };
  const outcome = updateCases(
    db,
    ids.map((id) => ({ caseId: Number(id), edit })),
    {
      config: caseConfig(new Map()),
      mode: 'command',
      actor: name,
      now: new Date().toISOString(),
    },
  );
  if (outcome.problems.length > 0) {
    process.stderr.write(`${JSON.stringify(outcome.problems)}\n`);
    process.exit(1);
  }
  // A breath between updates, as between two people's commands: the other process gets its turns.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
db.close();
