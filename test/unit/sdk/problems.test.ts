/** problem+json answers become typed exceptions. */
import { describe, expect, it } from 'vitest';
import { Conflict, HydrantProblem, NotFound, PreconditionFailed, ServerError, TooManyRequests, ValidationFailed, problemOf } from '../../../sdk/src/problems';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', ...headers } });

describe('problemOf', () => {
  it('gives each status its class, with code, status, detail and field errors', async () => {
    const invalid = await problemOf(answer(400, { status: 400, code: 'VALIDATION_FAILED', title: 'The request is not valid', detail: 'Invalid body', errors: [{ path: 'body.name', message: 'required' }] }));
    expect(invalid).toBeInstanceOf(ValidationFailed);
    expect(invalid).toBeInstanceOf(HydrantProblem);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: 'Invalid body', errors: [{ path: 'body.name', message: 'required' }] });
    expect(await problemOf(answer(404, { code: 'NOT_FOUND' }))).toBeInstanceOf(NotFound);
    expect(await problemOf(answer(409, { code: 'WORK_ORDER_CLOSED' }))).toMatchObject({ constructor: Conflict, code: 'WORK_ORDER_CLOSED' });
    expect(await problemOf(answer(412, { code: 'PRECONDITION_FAILED' }))).toBeInstanceOf(PreconditionFailed);
    expect(await problemOf(answer(502, 'Bad gateway'))).toMatchObject({ constructor: ServerError, code: 'HTTP_502', detail: 'Bad gateway' });
  });

  it('reads Retry-After of a 429', async () => {
    const throttled = await problemOf(answer(429, { code: 'THROTTLED' }, { 'retry-after': '7' }));
    expect(throttled).toBeInstanceOf(TooManyRequests);
    expect(throttled.retryAfterSeconds).toBe(7);
  });
});
