/**
 * The GraphQL engine without a store: the limits (depth, cost) and request errors are
 * decided before any resolver runs, and a field's refusal by its REST operation's roles or
 * schemas happens before its use case is called, so none of these touches DynamoDB.
 */
import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it, vi } from 'vitest';

// The resolvers import the use cases, whose adapters read their table names at load; nothing here reaches them.
vi.hoisted(() => {
  for (const name of ['TABLE_NAME', 'CONTROL_TABLE_NAME', 'AUDIT_TABLE_NAME', 'TELEMETRY_TABLE_NAME']) process.env[name] ??= 'unit-test-unreachable';
  process.env.AWS_REGION ??= 'eu-west-3';
  process.env.TELEMETRY_STORE ??= 'dynamodb';
});
import type { AuditRecord } from '#domain/audit';
import type { Principal } from '#domain/principal';
import { graphqlContext, memoized } from '#graphql/context';
import { executeGraphql, formatGraphqlError, graphqlSchema } from '#graphql/execute-graphql';
import { measureQuery } from '#graphql/limits';
import { RESOLVERS } from '#graphql/resolvers';
import { GRAPHQL_FIELD_OPERATIONS, MAX_GRAPHQL_COMPLEXITY } from '#lib/model/graphql/schema';
import { GraphQLError } from 'graphql';
import { NotFound } from '#platform/errors';

const user = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({ kind: 'user', subject: `sub-${role}`, tenantId: 'tenant-1', role, scopes: [], ...extra });

function run(query: string, options: { principal?: Principal; variables?: Record<string, unknown>; introspection?: boolean } = {}) {
  const audit: AuditRecord[] = [];
  const context = graphqlContext(
    { principal: 'principal' in options ? options.principal : user('admin'), tokenScopes: ['aws.cognito.signin.user.admin'], apiKeyId: 'key-1', clientAddress: '203.0.113.9', userAgent: 'vitest' },
    { append: async (record) => void audit.push(record) },
  );
  return executeGraphql({ query, variables: options.variables ?? null }, context, { introspection: options.introspection ?? false }).then((body) => ({ body, audit }));
}

const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return measureQuery(graphqlSchema(), document.definitions[0] as OperationDefinitionNode, {}, variables);
};

const errorCodes = (body: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => body.errors?.map((e) => e.extensions?.code);

describe('depth: every field a level, a connection\'s edges and node not', () => {
  it('measures a site screen as 4 levels', () => {
    expect(measure('{ site(id: "x") { name workOrders { edges { node { asset { name } } } } } }').depth).toBe(4);
  });

  it('refuses six levels with QUERY_TOO_DEEP, before running anything', async () => {
    const deep = '{ site(id: "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B") { assets { edges { node { site { assets { edges { node { site { name } } } } } } } } } }';
    expect(measure(deep).depth).toBe(6);
    const answer = await run(deep, { principal: undefined });
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 6, limit: 5 });
    expect(answer.body).not.toHaveProperty('data');
  });

  it('counts fragments where they are spread', () => {
    const document = parse('query { site(id: "x") { ...S } } fragment S on Site { assets { edges { node { site { zones { edges { node { name } } } } } } } }');
    const fragments = { S: document.definitions[1] as never };
    expect(measureQuery(graphqlSchema(), document.definitions[0] as OperationDefinitionNode, fragments, {}).depth).toBe(5);
  });
});

describe('cost: a fetching field 1, a connection first × its selection', () => {
  it('costs a plain object read 1 and a list with nested fetches first × (1 + …)', () => {
    expect(measure('{ site(id: "x") { name location { lat } } }').cost).toBe(1);
    expect(measure('{ workOrders(first: 10) { edges { node { asset { name } history(first: 5) { edges { node { to } } } } } } }').cost).toBe(1 + 10 * (1 + 1));
  });

  it('reads first from the variables, and defaults it to 20', () => {
    expect(measure('query($n: Int) { sites(first: $n) { edges { node { sensors { unit } } } } }', { n: 7 }).cost).toBe(1 + 7);
    expect(measure('{ sites { edges { node { sensors { unit } } } } }').cost).toBe(1 + 20);
  });

  it(`refuses a query over ${MAX_GRAPHQL_COMPLEXITY} with QUERY_TOO_COMPLEX and its cost`, async () => {
    const answer = await run('{ sites(first: 100) { edges { node { workOrders(first: 100) { edges { node { asset { name } } } } } } } }');
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 1 + 100 * (1 + 100 * 1), limit: MAX_GRAPHQL_COMPLEXITY });
  });
});

describe('request errors: a code, no data', () => {
  it('a malformed document is GRAPHQL_PARSE_FAILED with its location', async () => {
    const answer = await run('{ site(id: "x") { name }');
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' }, locations: [{ line: 1 }] });
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED', async () => {
    const answer = await run('{ site(id: "x") { password } }');
    expect(errorCodes(answer.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(answer.body.errors?.[0]?.message).toContain('password');
  });

  it('a variable of the wrong type is BAD_USER_INPUT naming the variable', async () => {
    const answer = await run('query($n: Int) { sites(first: $n) { pageInfo { hasNextPage } } }', { variables: { n: 'ten' } });
    expect(answer.body).not.toHaveProperty('data');
    expect(errorCodes(answer.body)).toEqual(['BAD_USER_INPUT']);
    expect(answer.body.errors?.[0]?.message).toContain('$n');
  });

  it('introspection is refused unless the stack allows it', async () => {
    const refused = await run('{ __schema { queryType { name } } }');
    expect(refused.body).not.toHaveProperty('data');
    expect(new Set(errorCodes(refused.body))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    const allowed = await run('{ __schema { queryType { name } } }', { introspection: true });
    expect(allowed.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('fields run as their REST operations', () => {
  it('every resolver is a field of the schema that names its operation, and every named field has a resolver', () => {
    const resolved = Object.entries(RESOLVERS).flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`));
    expect(resolved.sort()).toEqual(Object.keys(GRAPHQL_FIELD_OPERATIONS).sort());
  });

  it('a technician cannot create a work order (REST: admin, manager): FORBIDDEN, audited as createWorkOrder 403', async () => {
    const answer = await run('mutation { createWorkOrder(input: { title: "Fuite", type: corrective }) { id } }', { principal: user('technician') });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0]).toMatchObject({ path: ['createWorkOrder'], extensions: { code: 'FORBIDDEN', status: 403 } });
    expect(answer.audit).toHaveLength(1);
    expect(answer.audit[0]).toMatchObject({ action: 'createWorkOrder', method: 'POST', route: '/v1/work-orders', status: 403, tenantId: 'tenant-1', apiKeyId: 'key-1', principal: { role: 'technician' } });
    expect(answer.audit[0]?.bodySha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a call without a principal is UNAUTHORIZED on every field', async () => {
    const answer = await run('{ workOrder(id: "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B") { id } }', { principal: undefined });
    expect(errorCodes(answer.body)).toEqual(['UNAUTHORIZED']);
  });

  it('arguments are validated by the operation\'s schemas, errors named as GraphQL names them', async () => {
    const page = await run('{ sites(first: 500) { pageInfo { hasNextPage } } }');
    expect(page.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'first' }] });
    const id = await run('{ workOrder(id: "not-a-ulid") { id } }');
    expect(id.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'id', message: 'must be a ULID' }] });
    const body = await run('mutation { createServiceRequest(input: { kind: "flood", title: "Fuite" }) { id } }', { principal: user('manager') });
    expect(body.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect((body.body.errors?.[0]?.extensions?.errors as { path: string }[]).map((e) => e.path)).toContain('input.kind');
  });
});

describe('errors without internals', () => {
  it('a typed error keeps its code and message; anything else is "Internal error"', () => {
    const typed = formatGraphqlError(new GraphQLError('x', { path: ['site'], originalError: new NotFound('Site', '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B') }));
    expect(typed).toMatchObject({ path: ['site'], extensions: { code: 'NOT_FOUND', status: 404 } });
    const internal = formatGraphqlError(new GraphQLError('connect ECONNREFUSED 10.0.0.1:8000', { path: ['site'], originalError: new Error('connect ECONNREFUSED 10.0.0.1:8000') }));
    expect(internal).toEqual({ message: 'Internal error', path: ['site'], extensions: { code: 'INTERNAL_ERROR', status: 500 } });
    expect(JSON.stringify(internal)).not.toMatch(/ECONNREFUSED|stack/);
  });
});

describe('the per-request memo', () => {
  it('runs a lookup once for every parent that asks', async () => {
    const context = graphqlContext({ principal: user('admin'), tokenScopes: [], apiKeyId: null, clientAddress: null, userAgent: null }, { append: async () => undefined });
    let loads = 0;
    const load = async () => ++loads;
    await Promise.all([memoized(context, 'asset:1', load), memoized(context, 'asset:1', load), memoized(context, 'asset:2', load)]);
    expect(loads).toBe(2);
  });
});
