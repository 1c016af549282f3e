/**
 * Read-modify-write under contention, for every route at once. A route function reads
 * a resource, changes it and writes it conditioned on the version it read; when
 * another writer got in between, the repository throws `VersionConflict`. That is not
 * the client's precondition failing (it may have sent none), so the route runs again
 * on a fresh read: a stale If-Match then fails there, with 412, as it should; without
 * one the change applies to the new version. When the retries run out, 409 stands.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { VersionConflict } from '#platform/errors';
import { currentUnitOfWork } from '#platform/unit-of-work';

export const MAX_ATTEMPTS = 5;

/** Runs `run`, again on a lost race (a short random pause first, so racers spread out). */
export async function onFreshRead<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      // Inside an atomic batch the writes are only collected: the batch commits (or not) as a whole.
      if (!(error instanceof VersionConflict) || attempt >= MAX_ATTEMPTS || currentUnitOfWork()) throw error;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  }
}
