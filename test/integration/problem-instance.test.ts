/**
 * A problem document's `instance` names the occurrence (RFC 9457): the path the client
 * requested, with its concrete ids and without its query string, never the route's
 * template; inside a batch, the operation's own path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';

const UNKNOWN = '01JD0000000000000000000000';
let manager: string;

beforeAll(async () => {
  manager = await tokenFor(USERS.manager);
});

describe('problem+json instance', () => {
  it('is the requested path of a 404 on a concrete id, without the query string', async () => {
    const res = await call('POST', `/v1/work-orders/${UNKNOWN}/assignment?note=x`, {
      token: manager,
      body: { technicianId: UNKNOWN, start: '2030-01-07T08:00:00Z', durationMinutes: 60 },
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', instance: `/v1/work-orders/${UNKNOWN}/assignment` });

    const read = await call('GET', `/v1/work-orders/${UNKNOWN}?fields=title`, { token: manager });
    expect(read.status).toBe(404);
    expect(read.body.instance).toBe(`/v1/work-orders/${UNKNOWN}`);
  });

  it('is each batch operation’s own path', async () => {
    const res = await call('POST', '/v1/batch', {
      token: manager,
      body: {
        operations: [
          { method: 'GET', path: `/v1/work-orders/${UNKNOWN}/history?limit=5` },
          { method: 'GET', path: `/v1/nothing-here/${UNKNOWN}` },
        ],
      },
    });
    expect(res.status).toBe(200);
    const [history, unrouted] = res.body.results as { status: number; body: { code: string; instance: string } }[];
    expect(history).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', instance: `/v1/work-orders/${UNKNOWN}/history` } });
    expect(unrouted).toMatchObject({ status: 404, body: { code: 'ROUTE_NOT_FOUND', instance: `/v1/nothing-here/${UNKNOWN}` } });
  });
});
