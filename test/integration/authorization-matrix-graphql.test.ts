/**
 * The authorization matrix of GraphQL, generated from a table of one operation per root
 * field and from the app model: each field runs as the REST operation it names
 * (`GRAPHQL_FIELD_OPERATIONS`), so each role gets what that route's declared roles imply,
 *   a role the route declares                      -> data, no error
 *   a role it does not                             -> FORBIDDEN (extensions.code), data null
 *   another client's user, on an Acme resource     -> NOT_FOUND (existence not revealed)
 * The gateway's own refusals (no token, no key, expired token) are the REST matrix's, which
 * covers `POST /graphql` as every route.
 */
import { describe, expect, it } from 'vitest';
import { GRAPHQL_FIELD_OPERATIONS } from '#lib/model/graphql/schema';
import { routeById } from '#lib/model/index';
import { call, tokenFor, USERS } from '../support/api';
import { fixtureAlert, fixtureSite, fixtureZone } from '../support/route-fixtures';
import { assignedWorkOrder, fixtureWorkOrder } from '../support/work-orders';

interface GraphqlCase {
  readonly document: string;
  /** The variables, with fresh Acme resources (a success may change them). */
  readonly variables?: () => Promise<Record<string, unknown>>;
  /** The operation names an Acme resource by id: invisible to another client's user. */
  readonly byId?: boolean;
}

const id = (made: () => Promise<{ id: string }>) => async () => ({ id: (await made()).id });
const acmeSiteId = async () => (await fixtureSite()).id;

/** One operation per root field of the schema. */
const CASES: Readonly<Record<string, GraphqlCase>> = {
  'Query.sites': { document: '{ sites(first: 5) { edges { node { id } } } }' },
  'Query.site': { document: 'query($id: ID!) { site(id: $id) { id } }', variables: id(fixtureSite), byId: true },
  'Query.workOrders': { document: '{ workOrders(first: 5) { edges { node { id } } } }' },
  'Query.workOrder': { document: 'query($id: ID!) { workOrder(id: $id) { id } }', variables: id(async () => fixtureWorkOrder(await acmeSiteId())), byId: true },
  'Query.alerts': { document: '{ alerts(first: 5) { edges { node { id } } } }' },
  'Query.alert': { document: 'query($id: ID!) { alert(id: $id) { id } }', variables: id(fixtureAlert), byId: true },
  'Query.zones': { document: '{ zones(first: 5) { edges { node { id } } } }' },
  'Query.zone': { document: 'query($id: ID!) { zone(id: $id) { id } }', variables: id(fixtureZone), byId: true },
  'Mutation.createWorkOrder': {
    document: 'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }',
    variables: async () => ({ input: { title: `Matrix ${Date.now()}`, type: 'inspection', siteId: await acmeSiteId() } }),
  },
  'Mutation.transitionWorkOrder': {
    document: 'mutation($id: ID!) { transitionWorkOrder(id: $id, input: { to: in_progress, comment: "On site" }) { id } }',
    variables: id(async () => assignedWorkOrder(await acmeSiteId())),
    byId: true,
  },
  'Mutation.acknowledgeAlert': { document: 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', variables: id(fixtureAlert), byId: true },
  'Mutation.createServiceRequest': {
    document: 'mutation($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { id } }',
    variables: async () => ({ input: { kind: 'leak', title: `Fuite ${Date.now()}`, address: '14 rue Garibaldi, Lyon' } }),
  },
};

const CALLERS = ['admin', 'manager', 'technician', 'client', 'otherClient'] as const;
type Caller = (typeof CALLERS)[number];
const ROLE_OF = { admin: 'admin', manager: 'manager', technician: 'technician', client: 'client', otherClient: 'client' } as const;

function expected(field: string, caller: Caller): string | undefined {
  const route = routeById(GRAPHQL_FIELD_OPERATIONS[field] as string);
  if (route.auth.kind === 'authenticated' && !route.auth.roles.includes(ROLE_OF[caller])) return 'FORBIDDEN';
  if (caller === 'otherClient' && CASES[field]?.byId) return 'NOT_FOUND';
  return undefined;
}

const ROOT_FIELDS = Object.keys(GRAPHQL_FIELD_OPERATIONS).filter((f) => f.startsWith('Query.') || f.startsWith('Mutation.'));

describe('GraphQL authorization matrix', () => {
  it('has an operation for every root field of the schema', () => {
    expect(ROOT_FIELDS.filter((f) => !CASES[f])).toEqual([]);
  });

  for (const field of ROOT_FIELDS) {
    const name = field.split('.')[1] as string;
    describe(`${field} (${GRAPHQL_FIELD_OPERATIONS[field]})`, () => {
      for (const caller of CALLERS) {
        const want = expected(field, caller);
        it(`${caller} -> ${want ?? 'data'}`, async () => {
          const c = CASES[field] as GraphqlCase;
          const variables = c.variables ? await c.variables() : undefined;
          const res = await call('POST', '/graphql', { token: await tokenFor(USERS[caller]), body: { query: c.document, ...(variables ? { variables } : {}) } });
          expect(res.status).toBe(200);
          if (want) {
            expect(res.body.errors?.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([want]);
            expect(res.body.data?.[name] ?? null).toBeNull();
          } else {
            expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
            expect(res.body.data[name]).not.toBeNull();
          }
        });
      }
    });
  }
});
