/**
 * Filtered lists return full pages: for each list route whose query filters items
 * (rather than choosing a partition), more non-matching items than matching ones are
 * seeded, before and after the matching ones in the list's order, and the list is
 * walked two by two: every page but the last is full, the last is not empty and has
 * no cursor, and exactly the matching items come back. The routes are read from the
 * model, so a new filtered list fails here until it has a case (or a stated reason).
 */
import { ulid } from 'ulid';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { appModel } from '#lib/model/index';
import { call, tokenFor, USERS } from '../support/api';
import { createUser, login } from '../support/identity';
import { ACME, fixtureSite, uniqueSensorId } from '../support/route-fixtures';
import { seedActiveAlert } from '../support/alerts';
import { createdUser } from '../support/users';
import { fixtureWebhook } from '../support/webhooks';

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${seq++}`;
/** Non-matching items on each side of the matching ones: more than a page's worth. */
const OTHERS = 3;
/** A multiple of the page: a pager that stops at a full page answers an empty last page with it. */
const MATCHING = 4;
const PAGE = 2;

async function post(path: string, body: unknown, user: string = USERS.manager): Promise<{ id: string } & Record<string, any>> {
  const res = await call('POST', path, { token: await tokenFor(user), body });
  if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function times(n: number, make: () => Promise<{ id: string }>): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await make()).id);
  return ids;
}

/** Others, then matching, then others again: whatever the list's order, matches sit between non-matches. */
async function sandwich(other: () => Promise<{ id: string }>, match: () => Promise<{ id: string }>) {
  const before = await times(OTHERS, other);
  const matching = await times(MATCHING, match);
  const after = await times(OTHERS, other);
  return { matching, other: [...before, ...after] };
}

interface Seeded {
  /** The list with its filter (without limit and cursor). */
  readonly path: string;
  readonly token: string;
  readonly matching: readonly string[];
  readonly other: readonly string[];
}

const CASES: Record<string, () => Promise<Seeded>> = {
  listAssets: async () => {
    const site = await fixtureSite();
    const asset = (status?: string) => async () => {
      const created = await post('/v1/assets', { name: unique('Asset'), type: 'pump', siteId: site.id, serialNumber: unique('SN') });
      if (status) expect((await call('PATCH', `/v1/assets/${created.id}`, { token: await tokenFor(USERS.manager), body: { status } })).status).toBe(200);
      return created;
    };
    return { path: `/v1/assets?siteId=${site.id}&status=degraded`, token: await tokenFor(USERS.manager), ...(await sandwich(asset(), asset('degraded'))) };
  },
  listSensors: async () => {
    const site = await fixtureSite();
    const sensor = (kind: string) => () => post('/v1/sensors', { id: uniqueSensorId('FL'), kind, siteId: site.id });
    return { path: `/v1/sensors?siteId=${site.id}&kind=ph`, token: await tokenFor(USERS.manager), ...(await sandwich(sensor('chlorine'), sensor('ph'))) };
  },
  listAlertRules: async () => {
    const [site, elsewhere] = [await fixtureSite(), await fixtureSite()];
    const rule = (siteId: string) => () =>
      post('/v1/alert-rules', { name: unique('Rule'), siteId, kind: 'ph', condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.2 }, severity: 'major' });
    return { path: `/v1/alert-rules?siteId=${site.id}`, token: await tokenFor(USERS.manager), ...(await sandwich(rule(elsewhere.id), rule(site.id))) };
  },
  // A client user reads its client's alerts; the site is a filter within them.
  listAlerts: async () => {
    const [site, elsewhere] = [await fixtureSite(), await fixtureSite()];
    return { path: `/v1/alerts?siteId=${site.id}`, token: await tokenFor(USERS.client), ...(await sandwich(() => seedActiveAlert(elsewhere.id, ACME), () => seedActiveAlert(site.id, ACME))) };
  },
  listWorkOrders: async () => {
    const site = await fixtureSite();
    const wo = (priority: string) => () => post('/v1/work-orders', { title: unique('WO'), type: 'corrective', priority, siteId: site.id });
    return { path: `/v1/work-orders?siteId=${site.id}&priority=critical`, token: await tokenFor(USERS.manager), ...(await sandwich(wo('low'), wo('critical'))) };
  },
  listServiceRequests: async () => {
    const request = () => post('/v1/requests', { kind: 'leak', title: unique('Fuite'), address: '14 rue Garibaldi, Lyon', clientId: ACME });
    const converted = async () => {
      const made = await request();
      expect((await call('POST', `/v1/requests/${made.id}/convert`, { token: await tokenFor(USERS.manager), body: { priority: 'high' } })).status).toBe(201);
      return made;
    };
    // Every converted request of the tenant matches: those of other tests come back too (checked by status).
    return { path: `/v1/requests?clientId=${ACME}&status=converted`, token: await tokenFor(USERS.manager), ...(await sandwich(request, converted)) };
  },
  listTechnicians: async () => {
    const tech = (skill: string) => () => post('/v1/technicians', { name: unique('Tech'), skills: [skill] });
    return { path: '/v1/technicians?skill=instrumentation', token: await tokenFor(USERS.manager), ...(await sandwich(tech('electrical'), tech('instrumentation'))) };
  },
  listClients: async () => {
    const token = unique('Zephyr').toLowerCase();
    const client = (name: string) => () => post('/v1/clients', { name });
    return { path: `/v1/clients?search=${token}`, token: await tokenFor(USERS.manager), ...(await sandwich(client(unique('Other')), client(`${token} ${seq++}`))) };
  },
  listUsers: async () => {
    const name = unique('Quillon').replace(/[^A-Za-z]/g, '');
    const user = (givenName: string) => () => createdUser('technician', { givenName });
    return { path: `/v1/users?role=technician&search=${name}`, token: await tokenFor(USERS.admin), ...(await sandwich(user('Camille'), user(name))) };
  },
  listSites: async () => {
    const client = await post('/v1/clients', { name: unique('Client') });
    const site = (clientId: string) => () => post('/v1/sites', { name: unique('Site'), address: '1 place Bellecour, Lyon', location: { lat: 45.75, lon: 4.83 }, clientId });
    return { path: `/v1/sites?clientId=${client.id}`, token: await tokenFor(USERS.manager), ...(await sandwich(site(ACME), site(client.id))) };
  },
  // Exceedances are written in-process, as the alert evaluator and the lab import write them.
  listExceedances: async () => {
    Object.assign(process.env, inject('stackEnv'));
    const { commitTrackerStep } = await import('#adapters/dynamodb/exceedances-repository');
    const site = await fixtureSite();
    const exceedance = (parameter: string) => async () => {
      const at = new Date(Date.now() + seq++).toISOString();
      const limit = { value: 10, setId: 'eu-dwd-2020-2184', setName: 'EU DWD', source: 'Directive (EU) 2020/2184, Annex I, Part B', note: null };
      const made = { id: ulid(), version: 1, createdAt: at, updatedAt: at, origin: 'lab' as const, siteId: site.id, clientId: ACME, samplingPointId: null, sensorId: null, parameter, unit: 'µg/L', bound: 'max' as const, limit, start: at, end: null, worst: { value: 12, at }, observations: 1, alertId: null };
      await commitTrackerStep(DEMO_TENANT_ID, { stream: `POINT#${ulid()}`, parameter, bound: 'max' }, { lastTs: Date.parse(at), openId: made.id, version: 0 }, [made], []);
      return made;
    };
    return { path: `/v1/quality/exceedances?siteId=${site.id}&parameter=lead`, token: await tokenFor(USERS.client), ...(await sandwich(exceedance('nickel'), exceedance('lead'))) };
  },
  // Deliveries are written in-process, as the webhook worker writes them.
  listWebhookDeliveries: async () => {
    Object.assign(process.env, inject('stackEnv'));
    const { putDeliveryIfAbsent } = await import('#adapters/dynamodb/webhooks-repository');
    const webhook = await fixtureWebhook();
    const delivery = (status: 'succeeded' | 'failed') => async () => {
      const now = new Date().toISOString();
      const event = { id: ulid(), type: 'forecast.completed', occurredAt: now, tenant: DEMO_TENANT_ID, data: { id: 'fixture' } };
      const attempts = [{ attempt: 1, trigger: 'scheduled' as const, at: now, statusCode: status === 'failed' ? 500 : 200, latencyMs: 3, error: null, responseStart: '' }];
      await putDeliveryIfAbsent(DEMO_TENANT_ID, { id: event.id, webhookId: webhook.id, eventType: event.type, event, status, attempts, nextAttemptAt: null, lastError: null, createdAt: now, updatedAt: now });
      return { id: event.id };
    };
    return { path: `/v1/webhooks/${webhook.id}/deliveries?status=failed`, token: await tokenFor(USERS.admin), ...(await sandwich(delivery('succeeded'), delivery('failed'))) };
  },
  // One principal's work-order records among its site records (and, after them, more than a naive pager reads).
  listAuditLogs: async () => {
    const email = await createUser('manager');
    const access = (await login(email)).body.access_token as string;
    const me = await call('GET', '/v1/me', { token: access });
    const site = await call('POST', '/v1/sites', { token: access, body: { name: unique('Site'), address: '1 place Bellecour, Lyon', location: { lat: 45.75, lon: 4.83 }, clientId: ACME } });
    const patchSite = async () => {
      const res = await call('PATCH', `/v1/sites/${site.body.id}`, { token: access, body: { name: unique('Site') } });
      expect(res.status).toBe(200);
      return { id: res.body.id };
    };
    const wo = async () => {
      const res = await call('POST', '/v1/work-orders', { token: access, body: { title: unique('WO'), type: 'corrective', priority: 'low', siteId: site.body.id } });
      expect(res.status).toBe(201);
      return { id: res.body.id };
    };
    await times(OTHERS, patchSite);
    const matching = await times(MATCHING, wo);
    await times(20, patchSite);
    return { path: `/v1/audit-logs?principal=${me.body.id}&resourceType=work-order`, token: await tokenFor(USERS.admin), matching, other: [site.body.id] };
  },
};

/**
 * Lists whose query parameters choose a partition (or a key range) rather than filter
 * one, so there is nothing to leave out of a page; they share the same pager.
 */
const NOT_FILTERED: Record<string, string> = {
  listNotifications: '`unread` chooses the unread partition',
  listDocuments: 'the parent is the partition (a client user is refused before for a parent not theirs)',
  listForecasts: '`sensorId` chooses the sensor partition',
  getSensorReadings: 'buckets of the telemetry store, not a list of items',
  listZones: '`siteId` chooses the site partition (a client user\'s client is then a filter, read by the same full-page pager)',
  listLimitSets: '`siteId` chooses the site partition, as for zones (the built-in sets come first on the first page)',
  listSamplingPoints: '`siteId` chooses the site partition, as for zones',
};

const filterParams = (query: object | undefined) => Object.keys((query as { shape?: object } | undefined)?.shape ?? {}).filter((k) => !['limit', 'cursor', 'fields'].includes(k));
const filteredLists = appModel.routes.filter((r) => r.method === 'GET' && filterParams(r.request?.query).length > 0 && 'cursor' in ((r.request?.query as { shape?: object })?.shape ?? {}));

/** Walks a list page by page; the id of each item in the order the pages give them. */
async function walk(path: string, token: string, idOf: (item: any) => string) {
  const pages: { ids: string[]; nextCursor: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: any } = await call('GET', `${path}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(res.status).toBe(200);
    pages.push({ ids: res.body.data.map(idOf), nextCursor: res.body.nextCursor });
    cursor = res.body.nextCursor;
    if (pages.length > 200) throw new Error('the list does not end');
  } while (cursor);
  return pages;
}

describe('filtered lists return full pages', () => {
  it('has a case (or a reason) for every filtered list route of the model', () => {
    const missing = filteredLists.map((r) => r.operationId).filter((id) => !CASES[id] && !NOT_FILTERED[id]);
    expect(missing).toEqual([]);
  });

  for (const [operationId, seed] of Object.entries(CASES)) {
    it(`${operationId}: pages of ${PAGE} are full until the last, which has no cursor`, async () => {
      const seeded = await seed();
      // Audit records carry the resource's id as resourceId.
      const idOf = operationId === 'listAuditLogs' ? (r: any) => r.resourceId : (r: any) => r.id;
      const pages = await walk(seeded.path, seeded.token, idOf);
      const ids = pages.flatMap((p) => p.ids);
      pages.slice(0, -1).forEach((p) => expect(p.ids).toHaveLength(PAGE));
      expect(pages.at(-1)!.ids.length).toBeGreaterThan(0);
      expect(pages.at(-1)!.nextCursor).toBeNull();
      expect(ids).toEqual(expect.arrayContaining([...seeded.matching]));
      expect(ids.filter((id) => seeded.other.includes(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
    }, 90_000);
  }
});
