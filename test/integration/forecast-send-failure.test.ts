/**
 * `POST /v1/forecasts` when the message cannot be sent: the job was stored first, so it is
 * ended `failed` (QUEUE_UNAVAILABLE) rather than left `queued` with nothing to run it.
 * In process, in a file of its own: the handler's queue URL (read at module load) names a
 * queue that does not exist.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { csvForecastBody, frenchMonthlyCsv } from '../support/forecasts';

for (const [name, value] of Object.entries(inject('stackEnv'))) vi.stubEnv(name, value);
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
vi.stubEnv('QUEUE_URL_FORECAST_JOBS', `${inject('stackEnv').QUEUE_URL_FORECAST_JOBS}-missing`);
afterAll(() => {
  vi.unstubAllEnvs();
});

const baseEvent = JSON.parse(readFileSync(new URL('../fixtures/handlers/rest-proxy-event.json', import.meta.url), 'utf8')) as APIGatewayProxyEvent;
const context = { awsRequestId: 'forecast-send-failure', functionName: 'hydrant-test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

describe('a send that fails', () => {
  it('ends the stored job failed (QUEUE_UNAVAILABLE) and answers 500', async () => {
    const { handler } = await import('../../functions/http/forecasts/create');
    const { listForecastJobs } = await import('#adapters/dynamodb/forecast-jobs-repository');
    const subject = `send-failure-${Date.now()}`;
    const claims = { sub: subject, username: 'manager-x', 'cognito:groups': 'manager', token_use: 'access', scope: 'aws.cognito.signin.user.admin', 'custom:tenantId': DEMO_TENANT_ID };
    const event = {
      ...structuredClone(baseEvent),
      httpMethod: 'POST',
      resource: '/v1/forecasts',
      path: '/v1/forecasts',
      pathParameters: null,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(csvForecastBody(frenchMonthlyCsv(30))),
      requestContext: { ...baseEvent.requestContext, authorizer: { claims } },
    } as APIGatewayProxyEvent;
    const res = (await handler(event, context)) as APIGatewayProxyResult;
    expect([res.statusCode, JSON.parse(res.body).code]).toEqual([500, 'INTERNAL_ERROR']);
    const page = await listForecastJobs(DEMO_TENANT_ID, { limit: 20 });
    const mine = page.items.filter((j) => j.createdBy === subject);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'failed', reason: { code: 'QUEUE_UNAVAILABLE' }, version: 2 });
  });
});
