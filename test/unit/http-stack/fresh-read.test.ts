import { describe, expect, it } from 'vitest';
import { Conflict, VersionConflict } from '#platform/errors';
import { MAX_ATTEMPTS, onFreshRead } from '#http-stack/fresh-read';

describe('onFreshRead', () => {
  it('runs the route again after a lost race, and answers what the fresh run answers', async () => {
    let runs = 0;
    const result = await onFreshRead(async () => {
      runs++;
      if (runs < 3) throw new VersionConflict('lost');
      return 'applied';
    });
    expect({ result, runs }).toEqual({ result: 'applied', runs: 3 });
  });

  it(`gives up after ${MAX_ATTEMPTS} runs with the 409, and never retries other errors`, async () => {
    let runs = 0;
    await expect(onFreshRead(async () => { runs++; throw new VersionConflict('lost'); })).rejects.toBeInstanceOf(VersionConflict);
    expect(runs).toBe(MAX_ATTEMPTS);
    runs = 0;
    await expect(onFreshRead(async () => { runs++; throw new Conflict('taken'); })).rejects.toBeInstanceOf(Conflict);
    expect(runs).toBe(1);
  });
});
