/**
 * GraphQL through the local stack (`POST /graphql`: the gateway's authorizer and API key,
 * then graphql-js over the same use cases as REST): a site screen in one query agreeing
 * with REST, client isolation, roles, the mutations and their audit entries, the limits
 * and bad input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, call, tokenFor, USERS } from '../support/api';
import { seedActiveAlert } from '../support/alerts';
import { assignedWorkOrder, fixtureWorkOrder } from '../support/work-orders';
import { ACME, fixtureSite, uniqueSensorId } from '../support/route-fixtures';

let admin: string;
let manager: string;
let technician: string;
let client: string;
let otherClient: string;

beforeAll(async () => {
  [admin, manager, technician, client, otherClient] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager), tokenFor(USERS.technician), tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
});

const graphql = (token: string | undefined, query: string, variables?: Record<string, unknown>) =>
  call('POST', '/graphql', { ...(token ? { token } : {}), body: { query, ...(variables ? { variables } : {}) } });

const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.map((e) => e.extensions?.code);

const SITE_SCREEN = `query SiteScreen($id: ID!) {
  site(id: $id) {
    id name address assetCount
    assets(first: 50) { edges { node { id name status site { name } } } pageInfo { hasNextPage endCursor } }
    sensors { sensorId kind unit latest { ts value quality } }
    workOrders(first: 50, status: open) { edges { node { id title status priority asset { id name } } } }
  }
}`;

async function screenSite() {
  const site = await fixtureSite();
  const asset = (await call('POST', '/v1/assets', { token: manager, body: { name: 'Pompe P1', type: 'pump', siteId: site.id, serialNumber: `SN-${Date.now()}` } })).body;
  const sensor = (await call('POST', '/v1/sensors', { token: manager, body: { id: uniqueSensorId('PH'), kind: 'ph', siteId: site.id, assetId: asset.id } })).body;
  const ts = new Date(Math.floor((Date.now() - 60_000) / 60_000) * 60_000).toISOString();
  const ingested = await call('POST', '/v1/telemetry', { token: admin, body: { readings: [{ sensorId: sensor.id, ts, value: 7.4 }] } });
  expect(ingested.status).toBe(202);
  const onAsset = async () => (await call('POST', '/v1/work-orders', { token: manager, body: { title: `WO-${Date.now()}`, type: 'corrective', assetId: asset.id } })).body;
  const workOrders = [await onAsset(), await onAsset()];
  return { site, asset, sensor, ts, workOrders };
}

describe('a site screen in one query', () => {
  it('answers what the REST calls answer: the site, its assets, its sensors\' latest values, its open work orders with their asset', async () => {
    const { site, asset, sensor, workOrders } = await screenSite();
    const res = await graphql(client, SITE_SCREEN, { id: site.id });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const screen = res.body.data.site;
    const rest = {
      site: (await call('GET', `/v1/sites/${site.id}`, { token: client })).body,
      assets: (await call('GET', `/v1/assets?siteId=${site.id}&limit=50`, { token: client })).body,
      latest: (await call('GET', `/v1/sites/${site.id}/latest`, { token: client })).body,
      workOrders: (await call('GET', `/v1/work-orders?siteId=${site.id}&status=open&limit=50`, { token: client })).body,
    };
    expect({ id: screen.id, name: screen.name, address: screen.address, assetCount: screen.assetCount }).toEqual({ id: rest.site.id, name: rest.site.name, address: rest.site.address, assetCount: rest.site.assetCount });
    expect(screen.assets.edges.map((e: any) => e.node.id)).toEqual(rest.assets.data.map((a: any) => a.id));
    expect(screen.assets.edges[0].node).toEqual({ id: asset.id, name: 'Pompe P1', status: 'operational', site: { name: site.name } });
    expect(screen.assets.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expect(screen.sensors).toEqual(rest.latest.sensors.map((s: any) => ({ sensorId: s.sensorId, kind: s.kind, unit: s.unit, latest: s.latest })));
    expect(screen.sensors.find((s: any) => s.sensorId === sensor.id).latest.value).toBe(7.4);
    expect(screen.workOrders.edges.map((e: any) => e.node.id).sort()).toEqual(workOrders.map((w: any) => w.id).sort());
    expect(screen.workOrders.edges.map((e: any) => e.node.asset)).toEqual([{ id: asset.id, name: 'Pompe P1' }, { id: asset.id, name: 'Pompe P1' }]);
  });

  it('pages a connection with REST\'s cursors: first/after, endCursor/hasNextPage', async () => {
    const site = await fixtureSite();
    for (let i = 0; i < 3; i++) await fixtureWorkOrder(site.id);
    const page = (after?: string) => graphql(manager, 'query($id: ID!, $after: String) { site(id: $id) { workOrders(first: 2, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } } } }', { id: site.id, ...(after ? { after } : {}) });
    const first = (await page()).body.data.site.workOrders;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).body.data.site.workOrders;
    expect(second.edges).toHaveLength(1);
    expect(second.pageInfo).toEqual({ endCursor: null, hasNextPage: false });
  });
});

describe('isolation and roles, as REST', () => {
  it('another client\'s user sees nothing of Acme: NOT_FOUND by id, empty lists', async () => {
    const { site } = await screenSite();
    const res = await graphql(otherClient, SITE_SCREEN, { id: site.id });
    expect(res.status).toBe(200);
    expect(res.body.data.site).toBeNull();
    expect(codes(res.body)).toEqual(['NOT_FOUND']);
    const lists = await graphql(otherClient, 'query($id: ID!) { workOrders(siteId: $id) { edges { node { id } } } alerts(siteId: $id) { edges { node { id } } } }', { id: site.id });
    expect(lists.body).toEqual({ data: { workOrders: { edges: [] }, alerts: { edges: [] } } });
  });

  it('a technician cannot create a work order (REST refuses it too); a manager can', async () => {
    const site = await fixtureSite();
    const mutation = 'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id title status siteId clientId } }';
    const input = { title: 'Fuite rue Garibaldi', type: 'corrective', siteId: site.id };
    const refused = await graphql(technician, mutation, { input });
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors[0]).toMatchObject({ path: ['createWorkOrder'], extensions: { code: 'FORBIDDEN', status: 403 } });
    expect((await call('POST', '/v1/work-orders', { token: technician, body: input })).status).toBe(403);
    const made = await graphql(manager, mutation, { input });
    expect(made.body.data.createWorkOrder).toMatchObject({ title: 'Fuite rue Garibaldi', status: 'open', siteId: site.id, clientId: ACME });
    expect((await call('GET', `/v1/work-orders/${made.body.data.createWorkOrder.id}`, { token: manager })).status).toBe(200);
  });

  it('refuses a call without a token at the gateway, as REST', async () => {
    const res = await graphql(undefined, '{ sites { edges { node { id } } } }');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });
});

describe('mutations', () => {
  it('transitions a work order (expectedVersion is If-Match) and records the same audit entry as REST', async () => {
    const site = await fixtureSite();
    const workOrder = (await call('GET', `/v1/work-orders/${(await assignedWorkOrder(site.id)).id}`, { token: technician })).body;
    const mutation = 'mutation($id: ID!, $v: Int) { transitionWorkOrder(id: $id, input: { to: in_progress, comment: "Sur place" }, expectedVersion: $v) { id status version history { edges { node { from to comment } } } } }';
    const stale = await graphql(technician, mutation, { id: workOrder.id, v: workOrder.version - 1 });
    expect(codes(stale.body)).toEqual(['PRECONDITION_FAILED']);
    const moved = await graphql(technician, mutation, { id: workOrder.id, v: workOrder.version });
    expect(moved.body.errors).toBeUndefined();
    expect(moved.body.data.transitionWorkOrder).toMatchObject({ id: workOrder.id, status: 'in_progress', version: workOrder.version + 1 });
    expect(moved.body.data.transitionWorkOrder.history.edges.at(-1).node).toEqual({ from: 'scheduled', to: 'in_progress', comment: 'Sur place' });
    const trail = await call('GET', `/v1/audit-logs?action=transitionWorkOrder&resourceType=work-order&resourceId=${workOrder.id}&limit=10`, { token: admin });
    expect(trail.status).toBe(200);
    expect(trail.body.data.map((r: any) => [r.method, r.route, r.status, r.resourceType])).toEqual(
      expect.arrayContaining([
        ['POST', '/v1/work-orders/{id}/transitions', 200, 'work-order'],
        ['POST', '/v1/work-orders/{id}/transitions', 412, 'work-order'],
      ]),
    );
  });

  it('acknowledges an alert once; a second time is ALERT_NOT_ACTIVE', async () => {
    const site = await fixtureSite();
    const alert = await seedActiveAlert(site.id, ACME);
    const mutation = 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id status acknowledgedBy { subject } } }';
    const first = await graphql(technician, mutation, { id: alert.id });
    expect(first.body.data.acknowledgeAlert).toMatchObject({ id: alert.id, status: 'acknowledged', acknowledgedBy: { subject: expect.any(String) } });
    const again = await graphql(technician, mutation, { id: alert.id });
    expect(codes(again.body)).toEqual(['ALERT_NOT_ACTIVE']);
  });

  it('a client user files a service request for its own client', async () => {
    const res = await graphql(client, 'mutation($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { id status clientId kind requestedBy { subject } } }', {
      input: { kind: 'low-pressure', title: 'Pas de pression', address: '3 rue Duguesclin, Lyon' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createServiceRequest).toMatchObject({ status: 'open', clientId: ACME, kind: 'low-pressure' });
  });
});

describe('limits and bad input', () => {
  it('refuses, before running, a query deeper than 5 with QUERY_TOO_DEEP and one over the cost limit with QUERY_TOO_COMPLEX', async () => {
    const deep = await graphql(admin, '{ sites { edges { node { assets { edges { node { site { assets { edges { node { site { name } } } } } } } } } } } }');
    expect([deep.status, codes(deep.body), deep.body.data]).toEqual([200, ['QUERY_TOO_DEEP'], undefined]);
    const costly = await graphql(admin, '{ sites(first: 100) { edges { node { workOrders(first: 100) { edges { node { asset { name } } } } } } } }');
    expect(costly.body).not.toHaveProperty('data');
    expect(costly.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 10101, limit: 1000 });
  });

  it('a malformed query, an unknown field and a variable of the wrong type get clear errors and no data (HTTP 200, as GraphQL over HTTP answers application/json); a bad envelope is 400; introspection is on locally', async () => {
    const malformed = await graphql(admin, '{ sites { edges ');
    expect([malformed.status, codes(malformed.body), malformed.body.data]).toEqual([200, ['GRAPHQL_PARSE_FAILED'], undefined]);
    const unknown = await graphql(admin, '{ sites { edges { node { passwordHash } } } }');
    expect([unknown.status, codes(unknown.body), unknown.body.data]).toEqual([200, ['GRAPHQL_VALIDATION_FAILED'], undefined]);
    expect(unknown.body.errors[0].message).toContain('passwordHash');
    const wrongType = await graphql(admin, 'query($n: Int) { sites(first: $n) { pageInfo { hasNextPage } } }', { n: 'ten' });
    expect([wrongType.status, codes(wrongType.body), wrongType.body.data]).toEqual([200, ['BAD_USER_INPUT'], undefined]);
    expect(wrongType.body.errors[0].message).toContain('$n');
    const notJson = await call('POST', '/graphql', { token: admin, body: { query: 42 } });
    expect([notJson.status, notJson.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const introspection = await graphql(admin, '{ __type(name: "Site") { name } }');
    expect(introspection.body).toEqual({ data: { __type: { name: 'Site' } } });
  });

  it('no internals in errors: no stack, no SDK message', async () => {
    const res = await graphql(admin, '{ workOrder(id: "not-an-id") { id } site(id: "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B") { id } }');
    expect(res.status).toBe(200);
    expect(codes(res.body)).toEqual(['VALIDATION_FAILED', 'NOT_FOUND']);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|at \/|node_modules|Dynamo/i);
  });
});

describe('the local playground', () => {
  it('GET /graphql serves a page that posts to POST /graphql, on the local stack only (the model declares no such route)', async () => {
    const res = await fetch(`${apiUrl()}/graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain("fetch('/graphql'");
    expect(page).toContain('query SiteScreen');
    const { appModel } = await import('#lib/model/index');
    expect(appModel.routes.filter((r) => r.path === '/graphql').map((r) => r.method)).toEqual(['POST']);
  });
});
