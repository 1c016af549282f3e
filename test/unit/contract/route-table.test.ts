/** The local gateway's route matching, as API Gateway's REST API resolves resources. */
import { describe, expect, it } from 'vitest';
import { RouteTable } from '#lib/model/route-table';
import type { HttpMethod, RouteDecl } from '#lib/model/types';

const route = (method: HttpMethod, path: string, operationId = `${method} ${path}`): RouteDecl => ({
  operationId,
  method,
  path,
  summary: operationId,
  tag: 'Test',
  handler: 'none',
  auth: { kind: 'public' },
  apiKey: false,
  responses: { 200: { description: 'ok' } },
  fn: { access: {} },
});

const routes = [
  route('GET', '/v1/sites/{id}', 'getSite'),
  route('GET', '/v1/sites', 'listSites'),
  route('POST', '/v1/sites', 'createSite'),
  route('DELETE', '/v1/sites/{id}', 'deleteSite'),
  route('GET', '/v1/sites/nearby', 'nearbySites'),
  route('GET', '/v1/sites/{siteId}/assets/{assetId}', 'getSiteAsset'),
  route('GET', '/v1/health.json', 'health'),
];
const table = new RouteTable(routes);

const matched = (method: string, path: string) => {
  const m = table.match(method, path);
  if (m.kind !== 'matched') throw new Error(`expected a match for ${method} ${path}, got ${m.kind}`);
  return m;
};

describe('RouteTable', () => {
  it('matches a literal path', () => {
    const m = matched('GET', '/v1/sites');
    expect(m.route.operationId).toBe('listSites');
    expect(m.pathParameters).toEqual({});
    expect(matched('POST', '/v1/sites').route.operationId).toBe('createSite');
  });

  it('extracts path parameters by name', () => {
    expect(matched('GET', '/v1/sites/s-1').pathParameters).toEqual({ id: 's-1' });
    expect(matched('GET', '/v1/sites/s-1/assets/a-9')).toMatchObject({ route: { operationId: 'getSiteAsset' }, pathParameters: { siteId: 's-1', assetId: 'a-9' } });
  });

  it('prefers a literal segment over a parameter, whatever the declaration order', () => {
    expect(matched('GET', '/v1/sites/nearby').route.operationId).toBe('nearbySites');
    const reversed = new RouteTable([...routes].reverse());
    const m = reversed.match('GET', '/v1/sites/nearby');
    expect(m.kind === 'matched' && m.route.operationId).toBe('nearbySites');
  });

  it('reports the methods a known path allows when the method is not one of them', () => {
    expect(table.match('PUT', '/v1/sites')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
    const m = table.match('PATCH', '/v1/sites/s-1');
    expect(m.kind).toBe('method-not-allowed');
    expect(m.kind === 'method-not-allowed' && [...m.allowed].sort()).toEqual(['DELETE', 'GET']);
  });

  it('is not-found for unknown paths, extra segments and other cases', () => {
    expect(table.match('GET', '/v1/unknown')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/v1/sites/s-1/extra')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/v1/sites/')).not.toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/V1/SITES')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/v1//sites')).toEqual({ kind: 'not-found' });
  });

  it('accepts one trailing slash', () => {
    expect(matched('GET', '/v1/sites/').route.operationId).toBe('listSites');
    expect(matched('GET', '/v1/sites/s-1/').pathParameters).toEqual({ id: 's-1' });
    expect(table.match('GET', '/v1/sites//')).toEqual({ kind: 'not-found' });
  });

  it('does not treat an empty segment as a parameter value', () => {
    expect(table.match('GET', '/v1/sites//assets/a-1')).toEqual({ kind: 'not-found' });
  });

  it('decodes percent-encoded parameters, including an encoded slash within one segment', () => {
    expect(matched('GET', '/v1/sites/Usine%20Nord').pathParameters).toEqual({ id: 'Usine Nord' });
    expect(matched('GET', '/v1/sites/a%2Fb').pathParameters).toEqual({ id: 'a/b' });
    expect(matched('GET', '/v1/sites/%C3%A9cluse').pathParameters).toEqual({ id: 'écluse' });
  });

  it('throws URIError on a malformed escape (the gateway turns it into not-found)', () => {
    expect(() => table.match('GET', '/v1/sites/%E0%A4%A')).toThrow(URIError);
  });

  it('matches literal dots literally', () => {
    expect(matched('GET', '/v1/health.json').route.operationId).toBe('health');
    expect(table.match('GET', '/v1/healthXjson')).toEqual({ kind: 'not-found' });
  });
});

describe('the app model: creations and Idempotency-Key', () => {
  it('every POST answering 201 (a creation) is idempotent, or exempted with a reason', async () => {
    const { appModel } = await import('#lib/model/index');
    const creations = appModel.routes.filter((r) => r.method === 'POST' && r.responses[201]);
    expect(creations.length).toBeGreaterThan(10);
    const undecided = creations.filter((r) => !r.idempotent && !r.idempotencyExempt).map((r) => r.operationId);
    expect(undecided, 'declare `idempotent: true`, or `idempotencyExempt: <why>`').toEqual([]);
    const both = appModel.routes.filter((r) => r.idempotent && r.idempotencyExempt).map((r) => r.operationId);
    expect(both).toEqual([]);
    for (const r of creations.filter((c) => c.idempotencyExempt)) expect(r.idempotencyExempt!.length, r.operationId).toBeGreaterThan(30);
  });

  it('exempts exactly the creations whose answer holds a secret (API keys and credentials)', async () => {
    const { appModel } = await import('#lib/model/index');
    const exempt = appModel.routes.filter((r) => r.idempotencyExempt).map((r) => r.operationId).sort();
    expect(exempt).toEqual(['createApiKey', 'createMachineClient', 'createScheduleFeed', 'createSensor', 'createUser', 'createWebhook']);
    const byId = new Map(appModel.routes.map((r) => [r.operationId, r]));
    expect(byId.get('createWorkOrderReport')?.idempotent).toBe(true);
    expect(byId.get('batch')?.idempotent).toBe(true);
  });
});
