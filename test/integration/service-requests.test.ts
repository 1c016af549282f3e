/** Service requests through the local stack: clients report and follow their own, staff see all. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ulid } from 'ulid';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { ACME, fixtureAsset, fixtureSite } from '../support/route-fixtures';

let manager: string;
let technician: string;
let client: string;
let otherClient: string;
const startedAt = ulid();

beforeAll(async () => {
  [manager, technician, client, otherClient] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician), tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
});

const report = (token: string, body: Record<string, unknown>) => call('POST', '/v1/requests', { token, body });

describe('reporting', () => {
  it('a client user reports a leak with a location: its own client\'s, open, priority from the kind, request.created in the outbox', async () => {
    const res = await report(client, { kind: 'leak', title: 'Fuite devant le 14', description: 'Ça coule depuis ce matin', location: { lat: 45.7597, lon: 4.8422 }, clientId: '01JC8Y5T000000000BR1VER001' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/requests/${res.body.id}`);
    expect(res.body).toMatchObject({ clientId: ACME, kind: 'leak', status: 'open', priority: 'high', workOrderId: null, location: { lat: 45.7597, lon: 4.8422 }, requestedBy: { subject: expect.any(String) } });
    Object.assign(process.env, inject('stackEnv'));
    const { documentClient, tableName, tenantKey } = await import('#adapters/dynamodb/client');
    const out = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :since',
        ExpressionAttributeValues: { ':pk': tenantKey(DEMO_TENANT_ID, 'OUTBOX'), ':since': startedAt },
      }),
    );
    expect((out.Items ?? []).find((e) => e.type === 'request.created' && e.data.id === res.body.id)).toMatchObject({ tenant: DEMO_TENANT_ID, data: { clientId: ACME } });
  });

  it('says where: a request without location, address, site or asset is refused', async () => {
    const res = await report(client, { kind: 'low-pressure', title: 'Pas de pression' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.location' })]);
  });

  it('names a site or asset only of its own client; staff file on behalf of a client or take the asset\'s', async () => {
    const asset = await fixtureAsset();
    expect((await report(client, { kind: 'damaged-hydrant', title: 'PI renversé', assetId: asset.id })).status).toBe(201);
    const refused = await report(otherClient, { kind: 'damaged-hydrant', title: 'PI renversé', assetId: asset.id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.assetId' })]);
    const byManager = await report(manager, { kind: 'no-water', title: 'Plus d\'eau', siteId: (await fixtureSite()).id });
    expect(byManager.body).toMatchObject({ clientId: ACME, priority: 'critical' });
    expect((await report(technician, { kind: 'leak', title: 'x', address: 'y' })).status).toBe(403);
  });
});

describe('following', () => {
  it('clients see their own client\'s requests only; staff see all', async () => {
    const mine = (await report(client, { kind: 'water-quality', title: 'Eau trouble', address: '3 rue Duguesclin, Lyon' })).body;
    const theirs = (await report(otherClient, { kind: 'meter-issue', title: 'Compteur bloqué', address: '4 chemin du Rhône' })).body;
    const ids = async (token: string, query = '') => (await call('GET', `/v1/requests?limit=100${query}`, { token })).body.data.map((r: any) => r.id);
    expect(await ids(client)).toContain(mine.id);
    expect(await ids(client)).not.toContain(theirs.id);
    expect(await ids(client, `&clientId=${theirs.clientId}`)).toEqual([]);
    for (const token of [manager, technician]) expect(await ids(token)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(await ids(manager, `&clientId=${theirs.clientId}&status=open`)).toContain(theirs.id);
    expect((await call('GET', `/v1/requests/${mine.id}`, { token: otherClient })).status).toBe(404);
    expect((await call('GET', `/v1/requests/${mine.id}`, { token: client })).body).toEqual(mine);
  });
});
