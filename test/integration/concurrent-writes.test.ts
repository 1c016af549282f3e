/**
 * Read-modify-write under contention, on several resource types: a PATCH without
 * If-Match never answers 412 (the client set no precondition); a lost race is run
 * again on a fresh read (or, when retries run out, 409 CONCURRENT_UPDATE). A stale
 * If-Match still answers 412.
 */
import { describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import { ROUTE_FIXTURES } from '../support/route-fixtures';

const RACERS = 8;
const PATCH_ROUTES = ['updateSite', 'updateWorkOrder', 'updateTechnician', 'updateAlertRule'];

describe('concurrent PATCHes', () => {
  for (const operationId of PATCH_ROUTES) {
    it(`${operationId}: without If-Match, ${RACERS} racers all apply (never 412); a stale If-Match is 412`, async () => {
      const token = await tokenFor(USERS.manager);
      const { path, body } = await ROUTE_FIXTURES[operationId]!();
      const before = await call('GET', path, { token });
      expect(before.status).toBe(200);

      const answers = await Promise.all(Array.from({ length: RACERS }, () => call('PATCH', path, { token, body })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 412)).toEqual([]);
      for (const a of answers) if (a.status !== 200) expect({ status: a.status, code: a.body.code }).toEqual({ status: 409, code: 'CONCURRENT_UPDATE' });
      // Each success is one change, applied on the version it read.
      const after = await call('GET', path, { token });
      expect(after.body.version).toBe(before.body.version + statuses.filter((s) => s === 200).length);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);

      const stale = await call('PATCH', path, { token, body, headers: { 'if-match': before.headers.get('etag')! } });
      expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 412, code: 'PRECONDITION_FAILED' });
      const current = await call('PATCH', path, { token, body, headers: { 'if-match': after.headers.get('etag')! } });
      expect(current.status).toBe(200);
    });
  }
});
