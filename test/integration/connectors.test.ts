/**
 * Connectors through the local stack: admin-only CRUD with sealed credentials that no answer
 * carries; a committed change goes through the outbox, the relay, `connector-events` and
 * `connector-runs` to a Slack incoming webhook (a local receiver), and into each connector's
 * sync log, one connector's failure leaving the other's run untouched; and the OAuth2 grant
 * end to end against the local stack's provider stand-in.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { adminCall, consentedCallback, fixtureOAuthConnector } from '../support/connectors';
import { fixtureSite } from '../support/route-fixtures';
import { fixtureWorkOrder } from '../support/work-orders';
import { startReceiver, type Receiver } from '../support/webhooks';

const env = inject('stackEnv');
let receiver: Receiver;
const SECRET = `xoxb-secret-${Date.now()}`;
/** Every answer body of this file, to check that none carries a credential. */
const answers: string[] = [];
const seen = <T extends { body: unknown }>(res: T): T => (answers.push(JSON.stringify(res.body ?? null)), res);

beforeAll(async () => {
  Object.assign(process.env, env);
  receiver = await startReceiver();
});
afterAll(async () => receiver.close());

async function runsOf(id: string, until: (runs: any[]) => boolean, timeoutMs = 60_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = seen(await adminCall('GET', `/v1/connectors/${id}/runs?limit=20`));
    expect(res.status).toBe(200);
    if (until(res.body.data)) return res.body.data;
    if (Date.now() > deadline) throw new Error(`runs of ${id}: ${JSON.stringify(res.body.data)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('connectors CRUD', () => {
  it('is for admins only, and seals credentials that no answer returns', async () => {
    const body = { type: 'slack', enabled: false, config: { defaultChannel: '#ops' }, credentials: { botToken: SECRET } };
    const manager = await call('POST', '/v1/connectors', { token: await tokenFor(USERS.manager), body });
    expect(manager.status).toBe(403);
    const created = seen(await adminCall('POST', '/v1/connectors', body));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'slack', enabled: false, hasCredentials: true, syncStatus: 'never', config: { defaultChannel: '#ops' } });
    expect(created.body).not.toHaveProperty('credentials');
    const { getConnector } = await import('#adapters/dynamodb/connectors-repository');
    const stored = await getConnector(DEMO_TENANT_ID, created.body.id);
    expect(stored!.sealed).toMatch(/^local:/);
    expect(stored!.sealed).not.toContain(SECRET);

    const patched = seen(await adminCall('PATCH', `/v1/connectors/${created.body.id}`, { config: { channels: { 'alert.raised': '#alerts' } } }));
    expect(patched.status).toBe(200);
    expect(patched.body.config).toEqual({ defaultChannel: '#ops', channels: { 'alert.raised': '#alerts' } });
    expect((await getConnector(DEMO_TENANT_ID, created.body.id))!.sealed).toBe(stored!.sealed);
    const listed = seen(await adminCall('GET', '/v1/connectors?limit=100'));
    expect(listed.body.data.map((c: { id: string }) => c.id)).toContain(created.body.id);
    expect(seen(await adminCall('DELETE', `/v1/connectors/${created.body.id}`)).status).toBe(204);
    expect(seen(await adminCall('GET', `/v1/connectors/${created.body.id}`)).status).toBe(404);
  });

  it('refuses an incoming-webhook URL the endpoint rules refuse, and an unknown type', async () => {
    expect(seen(await adminCall('POST', '/v1/connectors', { type: 'slack', credentials: { webhookUrl: 'http://169.254.169.254/latest' } })).status).toBe(400);
    expect(seen(await adminCall('POST', '/v1/connectors', { type: 'sap', config: {} })).status).toBe(400);
  });
});

describe('connector runs on domain events', () => {
  it("posts a work order's event to Slack, logs the run, and a failing connector fails alone", async () => {
    receiver.script('/slack/failing', [{ status: 500, body: 'down' }]);
    const good = seen(await adminCall('POST', '/v1/connectors', { type: 'slack', credentials: { webhookUrl: receiver.url('/slack/good') } }));
    const bad = seen(await adminCall('POST', '/v1/connectors', { type: 'slack', credentials: { webhookUrl: receiver.url('/slack/failing') } }));
    expect([good.status, bad.status]).toEqual([201, 201]);
    const workOrder = await fixtureWorkOrder((await fixtureSite()).id, { title: 'Connector pump check' });

    const [posted] = await receiver.waitFor('/slack/good', 1, 60_000, (r) => r.body.includes('Connector pump check'));
    expect(JSON.parse(posted!.body)).toEqual({ text: expect.stringMatching(/^\*work_order\.created\* at .+: Connector pump check$/) });
    const goodRuns = await runsOf(good.body.id, (runs) => runs.some((r) => r.status === 'succeeded'));
    expect(goodRuns.find((r) => r.status === 'succeeded')).toMatchObject({ trigger: 'event', records: 1, errors: [], completed: expect.any(String) });

    const badRuns = await runsOf(bad.body.id, (runs) => runs.some((r) => r.status === 'failed'));
    expect(badRuns.find((r) => r.status === 'failed')!.errors[0]).toBe('slack: HTTP 500 down');
    // The call and its 3 retries, then the run is recorded failed.
    expect(receiver.received.filter((r) => r.path === '/slack/failing' && r.body.includes(workOrder.title)).length).toBeGreaterThanOrEqual(4);
    const after = seen(await adminCall('GET', `/v1/connectors/${bad.body.id}`));
    expect(after.body).toMatchObject({ syncStatus: 'failed', lastError: 'slack: HTTP 500 down' });
    for (const c of [good, bad]) await adminCall('PATCH', `/v1/connectors/${c.body.id}`, { enabled: false });
  }, 120_000);
});

describe('OAuth2 authorization-code grant', () => {
  it('gives the consent URL, exchanges the code at the callback and seals the tokens', async () => {
    const connector = await fixtureOAuthConnector('google_calendar');
    const back = await consentedCallback(connector.id);
    expect(back.pathname).toBe('/v1/connectors/oauth/callback');
    const done = seen(await call('GET', `${back.pathname}${back.search}`));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ connectorId: connector.id, type: 'google_calendar', authorizedAt: expect.any(String) });
    expect(seen(await adminCall('GET', `/v1/connectors/${connector.id}`)).body.authorizedAt).toBe(done.body.authorizedAt);

    const { getConnector } = await import('#adapters/dynamodb/connectors-repository');
    const { openSecret } = await import('#adapters/kms/webhook-secrets');
    const stored = await getConnector(DEMO_TENANT_ID, connector.id);
    const credentials = JSON.parse(await openSecret(DEMO_TENANT_ID, connector.id, stored!.sealed!));
    expect(credentials).toMatchObject({ accessToken: expect.stringMatching(/^at-/), refreshToken: expect.stringMatching(/^rt-/), expiresAt: expect.any(String) });

    // The same code again: the provider refuses it (single use).
    const again = seen(await call('GET', `${back.pathname}${back.search}`));
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('OAUTH_EXCHANGE_FAILED');
  });

  it('refreshes tokens that expire within 5 minutes before a run, and seals the new ones', async () => {
    const connector = await fixtureOAuthConnector('dropbox');
    const back = await consentedCallback(connector.id);
    expect(seen(await call('GET', `${back.pathname}${back.search}`)).status).toBe(200);
    expect(seen(await adminCall('PATCH', `/v1/connectors/${connector.id}`, { enabled: true })).status).toBe(200);
    const { getConnector, saveConnector } = await import('#adapters/dynamodb/connectors-repository');
    const { openSecret, sealSecret } = await import('#adapters/kms/webhook-secrets');
    const open = async () => {
      const stored = (await getConnector(DEMO_TENANT_ID, connector.id))!;
      return { stored, credentials: JSON.parse(await openSecret(DEMO_TENANT_ID, connector.id, stored.sealed!)) as Record<string, string> };
    };
    const before = await open();
    const expiring = { ...before.credentials, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    const sealed = await sealSecret(DEMO_TENANT_ID, connector.id, JSON.stringify(expiring));
    await saveConnector(DEMO_TENANT_ID, { connector: { ...before.stored.connector, version: before.stored.connector.version + 1 }, sealed }, before.stored.connector.version);

    const { handler } = await import('../../functions/workers/connector-run');
    // A document that does not exist: nothing to copy, so the run calls no provider but the token endpoint.
    const job = { tenant: DEMO_TENANT_ID, connectorId: connector.id, trigger: 'event', event: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E98', type: 'document.available', occurredAt: new Date().toISOString(), tenant: DEMO_TENANT_ID, data: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7D00' } } };
    const result = await handler({ Records: [{ messageId: 'm1', body: JSON.stringify(job), attributes: { ApproximateReceiveCount: '1' }, eventSource: 'aws:sqs' }] } as never, { functionName: 'connector-run', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as never);
    expect(result).toEqual({ batchItemFailures: [] });

    const after = await open();
    expect(after.credentials.accessToken).not.toBe(before.credentials.accessToken);
    expect(after.credentials.refreshToken).toBe(before.credentials.refreshToken);
    expect(Date.parse(after.credentials.expiresAt!)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(after.stored.connector).toMatchObject({ syncStatus: 'succeeded', lastError: null });
    await adminCall('PATCH', `/v1/connectors/${connector.id}`, { enabled: false });
  });

  it('refuses a forged state, a provider error and a connector type without OAuth2', async () => {
    const forged = seen(await call('GET', `/v1/connectors/oauth/callback?code=abc&state=${Buffer.from('local:AAAA').toString('base64url')}`));
    expect(forged.status).toBe(400);
    const connector = await fixtureOAuthConnector('dropbox');
    const back = await consentedCallback(connector.id);
    const denied = seen(await call('GET', `/v1/connectors/oauth/callback?error=access_denied&state=${back.searchParams.get('state')}`));
    expect(denied.status).toBe(422);
    expect(denied.body.code).toBe('OAUTH_DENIED');
    const slack = seen(await adminCall('POST', '/v1/connectors', { type: 'slack', enabled: false }));
    const refused = seen(await adminCall('POST', `/v1/connectors/${slack.body.id}/authorize`));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OAUTH_NOT_SUPPORTED');
  });
});

describe('credentials in logs', () => {
  it('a failing run logs its error, never the credentials, and fails its own record only', async () => {
    receiver.script('/slack/refusing-secret-path', [{ status: 401, body: 'invalid_token' }]);
    const webhookUrl = receiver.url('/slack/refusing-secret-path');
    const connector = seen(await adminCall('POST', '/v1/connectors', { type: 'slack', config: { channels: {} }, credentials: { webhookUrl, botToken: SECRET } }));
    const { handler } = await import('../../functions/workers/connector-run');
    const job = { tenant: DEMO_TENANT_ID, connectorId: connector.body.id, trigger: 'event', event: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E99', type: 'alert.raised', occurredAt: new Date().toISOString(), tenant: DEMO_TENANT_ID, data: { message: 'Low pressure' } } };
    const record = (messageId: string, body: unknown) => ({ messageId, body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' }, eventSource: 'aws:sqs' });
    const written: string[] = [];
    const [out, err] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    process.stdout.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    let result: { batchItemFailures: { itemIdentifier: string }[] };
    try {
      result = (await handler(
        { Records: [record('m-failing', job), record('m-gone', { ...job, connectorId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7ZZZ' })] } as never,
        { functionName: 'connector-run', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as never,
      )) as never;
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-failing' }]);
    const logs = written.join('');
    expect(logs).toContain('slack: HTTP 401 invalid_token');
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('refusing-secret-path');
    const runs = await runsOf(connector.body.id, (r) => r.some((run) => run.eventId === job.event.id));
    expect(runs.find((r) => r.eventId === job.event.id)).toMatchObject({ status: 'failed', errors: ['slack: HTTP 401 invalid_token'] });
    await adminCall('PATCH', `/v1/connectors/${connector.body.id}`, { enabled: false });
  });
});

describe('credentials in answers', () => {
  it('no answer of this file carries a credential or token', () => {
    const all = answers.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/"(accessToken|refreshToken|clientSecret|botToken|webhookUrl)"/);
  });
});
