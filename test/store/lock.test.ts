import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/database.js';
import { acquireRunLock } from '../../src/store/lock.js';
import { tempDir } from '../helpers.js';

describe('the run lock beside the store', () => {
  it('a store folder that does not exist is a store problem naming the folder, not an internal error', async () => {
    const folder = join(tempDir(), 'no-such-folder');
    const taking = acquireRunLock(join(folder, 'logex.db'), 'audit', '2026-12-02T00:00:00Z', 0);
    await expect(taking).rejects.toBeInstanceOf(StoreError);
    await expect(taking).rejects.toThrow(`${folder}: the folder for the database does not exist; create it or pass another --db`);
  });

  it('is taken and released in a folder that exists', async () => {
    const db = join(tempDir(), 'logex.db');
    const lock = await acquireRunLock(db, 'audit', '2026-12-02T00:00:00Z', 0);
    await expect(acquireRunLock(db, 'ingest', '2026-12-02T00:00:01Z', 0)).rejects.toThrow(/another audit is running on this database/);
    lock.release();
    (await acquireRunLock(db, 'ingest', '2026-12-02T00:00:02Z', 0)).release();
  });
});
