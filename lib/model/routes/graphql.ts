/**
 * `POST /graphql`: the GraphQL API beside REST, through the same gateway (Cognito
 * authorizer, API key, usage plans and quotas) as every route. Each field runs as the
 * REST operation it names (`lib/model/graphql/schema.ts`), whose roles and scopes are
 * checked per field; the function's access is the union of those operations', computed
 * here so it cannot drift from them.
 */
import { GRAPHQL_FIELD_OPERATIONS, MAX_GRAPHQL_COMPLEXITY, MAX_GRAPHQL_DEPTH } from '../graphql/schema';
import { GraphqlAnswer, graphqlAnswerExample, GraphqlBody, graphqlBodyExample } from '../schemas/graphql';
import type { GraphqlApiDecl, RouteDecl } from '../types';
import { ALL_ROLES, authenticated } from './access';
import { unionAccess } from './batch';

/** The routes whose operations GraphQL fields run. */
export const graphqlOperations = (routes: readonly RouteDecl[]): RouteDecl[] => {
  const named = new Set(Object.values(GRAPHQL_FIELD_OPERATIONS));
  return routes.filter((r) => named.has(r.operationId));
};

/** The access of a function that runs every GraphQL field: the union of the operations'. */
function graphqlAccess(operations: readonly RouteDecl[]) {
  return { ...unionAccess(operations), ...(operations.some((r) => r.fn.access.telemetry) ? { telemetry: 'read' as const } : {}) };
}

export function graphqlRoute(routes: readonly RouteDecl[]): RouteDecl {
  const operations = graphqlOperations(routes);
  const scopes = [...new Set(operations.flatMap((r) => (r.auth.kind === 'authenticated' ? (r.auth.scopes ?? []) : [])))];
  return {
    operationId: 'graphql',
    method: 'POST',
    path: '/graphql',
    summary: 'GraphQL: sites, assets, latest readings, work orders, alerts and zones queried together; the REST writes as mutations',
    tag: 'GraphQL',
    handler: 'http/graphql/execute',
    auth: authenticated(ALL_ROLES, scopes),
    apiKey: true,
    // A per-caller budget on top of the usage plan: one call can cost up to MAX_GRAPHQL_COMPLEXITY operations.
    rateLimit: { limit: 300, windowSeconds: 60, per: 'principal' },
    request: { body: GraphqlBody, bodyExample: graphqlBodyExample },
    responses: { 200: { description: 'The data, and an error per field that failed (extensions.code: the REST problem code)', schema: GraphqlAnswer, example: graphqlAnswerExample } },
    errorStatuses: [400],
    audit: { resourceType: 'graphql' },
    fn: { memoryMb: 1024, timeoutSeconds: 29, access: graphqlAccess(operations) },
  };
}

/**
 * The same schema on AWS AppSync: Cognito user pools (and API keys) authorise, ONE Lambda
 * resolves every field with the same resolvers, and writes the mutations' audit records.
 * AppSync counts depth over every level, so a connection's `edges` and `node` (two levels
 * each, at most one connection per resource level) are added to the limit.
 */
export function graphqlApi(routes: readonly RouteDecl[]): GraphqlApiDecl {
  return {
    schemaFile: 'lib/model/graphql/schema.graphql',
    resolver: { handler: 'appsync/resolve', fn: { memoryMb: 1024, timeoutSeconds: 29, access: { ...graphqlAccess(graphqlOperations(routes)), auditLog: 'append' } } },
    fields: Object.keys(GRAPHQL_FIELD_OPERATIONS),
    queryDepthLimit: MAX_GRAPHQL_DEPTH + 2 * (MAX_GRAPHQL_DEPTH - 1),
    resolverCountLimit: MAX_GRAPHQL_COMPLEXITY,
    maxBatchSize: 25,
  };
}
