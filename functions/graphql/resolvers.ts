/**
 * The GraphQL resolvers: plain functions, one per field that fetches or writes, each
 * calling the same use case as the REST operation it names (`GRAPHQL_FIELD_OPERATIONS`).
 * Before the use case runs, the operation's declared roles and scopes are checked
 * (`authorize`, as for REST and batch operations) and the arguments are validated by the
 * operation's own params, query and body schemas; after it, fields hidden from the caller's
 * role are removed as REST removes them, and a mutation writes the operation's audit
 * record. Tenant and client isolation are the use cases' own, as for REST.
 *
 * The same map serves graphql-js locally (`execute-graphql.ts`) and the AppSync Lambda
 * resolver in the cloud (`functions/appsync/resolve.ts`).
 */
import { acknowledgeAlert } from '#application/alerts/acknowledge-alert';
import { getAlert } from '#application/alerts/get-alert';
import { listAlerts } from '#application/alerts/list-alerts';
import { getAsset } from '#application/assets/get-asset';
import { listAssets } from '#application/assets/list-assets';
import { createServiceRequest } from '#application/requests/create-service-request';
import { getSite } from '#application/sites/get-site';
import { listSites } from '#application/sites/list-sites';
import { readSiteLatest } from '#application/telemetry/read-site-latest';
import { listTimeEntries } from '#application/time-entries/list-time-entries';
import { createWorkOrder } from '#application/work-orders/create-work-order';
import { getWorkOrder } from '#application/work-orders/get-work-order';
import { listWorkOrderHistory } from '#application/work-orders/list-work-order-history';
import { listWorkOrders } from '#application/work-orders/list-work-orders';
import { transitionWorkOrder } from '#application/work-orders/transition-work-order';
import { getZone } from '#application/zones/get-zone';
import { getZoneNightFlow, nightFlowAnswer } from '#application/zones/get-zone-night-flow';
import { listZones } from '#application/zones/list-zones';
import type { Principal } from '#domain/principal';
import { etagOf } from '#http-stack/etag';
import { auditRecordOf } from '#http-stack/middleware/audit-trail';
import { validate } from '#http-stack/middleware/request-context';
import { authorize } from '#http-stack/principal';
import { checkIfMatch } from '#http-stack/resources';
import { withoutHiddenFields } from '#http-stack/sparse-fields';
import { routeById } from '#lib/model/index';
import type { RouteDecl } from '#lib/model/types';
import { AppError, ValidationFailed } from '#platform/errors';
import { logger } from '#platform/observability';
import { memoized, type GraphqlContext } from './context';

export type Args = Readonly<Record<string, unknown>>;
export type Source = Readonly<Record<string, unknown>>;
/** A resolver: the parent object, the field's arguments, the request's context. */
export type FieldResolver = (source: Source, args: Args, context: GraphqlContext) => Promise<unknown>;

/** What an operation is asked, in REST's terms: validated by the route's schemas. */
interface OperationInput {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
}

/** REST's names of a field error, in GraphQL's (`query.limit` is `first`, `body.title` is `input.title`). */
const argumentPath = (path: string) =>
  path.replace(/^query\.limit\b/, 'first').replace(/^query\.cursor\b/, 'after').replace(/^body\b/, 'input').replace(/^(params|query)\./, '');

function validated(route: RouteDecl, input: OperationInput): Required<OperationInput> {
  try {
    return {
      params: validate('params', route.request?.params, input.params ?? {}) as Record<string, unknown>,
      query: validate('query', route.request?.query, input.query ?? {}) as Record<string, unknown>,
      body: route.request?.body ? validate('body', route.request.body, input.body) : undefined,
    };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    throw new ValidationFailed('Invalid arguments', error.errors.map((e) => ({ path: argumentPath(e.path), message: e.message })));
  }
}

/** The caller, once the operation's roles and scopes let it through. */
function authorized(route: RouteDecl, context: GraphqlContext): Principal {
  authorize(route.auth, context.principal, context.tokenScopes);
  return context.principal as Principal;
}

type Run = (who: Principal, input: Required<OperationInput>, context: GraphqlContext) => Promise<unknown>;

/** A field that reads: authorised, validated, run, and shown as REST shows it to the caller's role. */
function read(operationId: string, inputOf: (source: Source, args: Args) => OperationInput, run: Run): FieldResolver {
  return async (source, args, context) => {
    const route = routeById(operationId);
    const who = authorized(route, context);
    return withoutHiddenFields(route, 200, who.role, await run(who, validated(route, inputOf(source, args)), context));
  };
}

interface Page {
  readonly data: readonly unknown[];
  readonly nextCursor: string | null;
}

/** A REST page as a connection: `edges` in order, `endCursor` the REST `nextCursor`. */
export const connectionOf = ({ data, nextCursor }: Page) => ({
  edges: data.map((node) => ({ node })),
  pageInfo: { endCursor: nextCursor, hasNextPage: nextCursor !== null },
});

/** A list field: `first`/`after` are the REST list's `limit`/`cursor`; `filters` its other query parameters. */
function list(operationId: string, queryOf: (source: Source, args: Args) => Record<string, unknown>, run: Run, params?: (source: Source) => Record<string, unknown>): FieldResolver {
  const resolve = read(
    operationId,
    (source, args) => ({ params: params?.(source), query: { ...queryOf(source, args), limit: args.first, ...(args.after === undefined || args.after === null ? {} : { cursor: args.after }) } }),
    async (who, input, context) => {
      const page = (await run(who, input, context)) as { items: unknown[]; nextCursor: string | null };
      return { data: page.items, nextCursor: page.nextCursor };
    },
  );
  return async (source, args, context) => connectionOf((await resolve(source, args, context)) as Page);
}

/** The arguments that are REST query filters, without GraphQL's nulls. */
const filters = (args: Args, names: readonly string[]) =>
  Object.fromEntries(names.filter((n) => args[n] !== undefined && args[n] !== null).map((n) => [n, args[n]]));

const byId = (args: Args) => ({ params: { id: args.id } });

interface Written {
  readonly status: number;
  readonly resource: { readonly id: string };
  readonly before?: object;
}

/**
 * A mutation: authorised, validated and run as its REST operation, then recorded in the
 * audit trail as that operation (a refusal too, with its status).
 */
function mutation(operationId: string, inputOf: (args: Args) => OperationInput, run: (who: Principal, input: Required<OperationInput>, args: Args) => Promise<Written>): FieldResolver {
  return async (_source, args, context) => {
    const route = routeById(operationId);
    const input = inputOf(args);
    const record = (status: number, written?: Written) =>
      context.audit
        .append(
          auditRecordOf(route, context.principal, {
            status,
            resourceId: (input.params?.id as string | undefined) ?? written?.resource.id ?? null,
            apiKeyId: context.apiKeyId,
            clientAddress: context.clientAddress,
            userAgent: context.userAgent,
            body: input.body === undefined ? null : JSON.stringify(input.body),
            before: written?.before,
            after: written?.before ? written.resource : undefined,
          }),
        )
        .catch((error: unknown) => logger.error('Audit record lost', { error: error as Error, action: route.operationId }));
    let written: Written;
    try {
      written = await run(authorized(route, context), validated(route, input), args);
    } catch (error) {
      await record(error instanceof AppError ? error.status : 500);
      throw error;
    }
    await record(written.status, written);
    return withoutHiddenFields(route, written.status, context.principal?.role, written.resource);
  };
}

const siteOf = (context: GraphqlContext, who: Principal, id: string) => memoized(context, `site:${id}`, () => getSite(who, id));

/** Every resolver, by type and field; the fields not listed here are read from the parent object. */
export const RESOLVERS: Readonly<Record<string, Readonly<Record<string, FieldResolver>>>> = {
  Query: {
    sites: list('listSites', (_s, args) => filters(args, ['clientId']), (who, { query }) => listSites(who, query as unknown as Parameters<typeof listSites>[1])),
    site: read('getSite', (_s, args) => byId(args), (who, { params }, context) => siteOf(context, who, params.id as string)),
    workOrders: list('listWorkOrders', (_s, args) => filters(args, ['status', 'siteId', 'assetId']), (who, { query }) => listWorkOrders(who, query as unknown as Parameters<typeof listWorkOrders>[1])),
    workOrder: read('getWorkOrder', (_s, args) => byId(args), (who, { params }) => getWorkOrder(who, params.id as string)),
    alerts: list('listAlerts', (_s, args) => filters(args, ['status', 'siteId', 'zoneId']), (who, { query }) => listAlerts(who, query as unknown as Parameters<typeof listAlerts>[1])),
    alert: read('getAlert', (_s, args) => byId(args), (who, { params }) => getAlert(who, params.id as string)),
    zones: list('listZones', (_s, args) => filters(args, ['siteId']), (who, { query }) => listZones(who, query as unknown as Parameters<typeof listZones>[1])),
    zone: read('getZone', (_s, args) => byId(args), (who, { params }) => getZone(who, params.id as string)),
  },
  Site: {
    assets: list('listAssets', (site, args) => ({ ...filters(args, ['status']), siteId: site.id }), (who, { query }) => listAssets(who, query as unknown as Parameters<typeof listAssets>[1])),
    sensors: read('getSiteLatest', (site) => ({ params: { id: site.id } }), async (who, { params }) => (await readSiteLatest(who, params.id as string)).sensors),
    workOrders: list('listWorkOrders', (site, args) => ({ ...filters(args, ['status']), siteId: site.id }), (who, { query }) => listWorkOrders(who, query as unknown as Parameters<typeof listWorkOrders>[1])),
    zones: list('listZones', (site) => ({ siteId: site.id }), (who, { query }) => listZones(who, query as unknown as Parameters<typeof listZones>[1])),
  },
  Asset: {
    // Every asset of a site names the same site: one read for all of them.
    site: read('getSite', (asset) => ({ params: { id: asset.siteId } }), (who, { params }, context) => siteOf(context, who, params.id as string)),
  },
  WorkOrder: {
    // Work orders on one asset share one read of it.
    asset: async (workOrder, args, context) =>
      workOrder.assetId === null || workOrder.assetId === undefined
        ? null
        : assetField(workOrder, args, context),
    history: list('listWorkOrderHistory', () => ({}), (who, { params, query }) => listWorkOrderHistory(who, params.id as string, query as unknown as Parameters<typeof listWorkOrderHistory>[2]), (wo) => ({ id: wo.id })),
    timeEntries: list('listTimeEntries', () => ({}), (who, { params, query }) => listTimeEntries(who, params.id as string, query as unknown as Parameters<typeof listTimeEntries>[2]), (wo) => ({ id: wo.id })),
  },
  Zone: {
    nightFlow: read(
      'getZoneNightFlow',
      (zone, args) => ({ params: { id: zone.id }, query: filters(args, ['from', 'to']) }),
      async (who, { params, query }) => {
        const instant = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : undefined);
        return nightFlowAnswer(await getZoneNightFlow(who, params.id as string, { from: instant(query.from), to: instant(query.to) }, new Date()));
      },
    ),
  },
  Mutation: {
    createWorkOrder: mutation('createWorkOrder', (args) => ({ body: args.input }), async (who, { body }) => ({
      status: 201,
      resource: await createWorkOrder(who, body as Parameters<typeof createWorkOrder>[1]),
    })),
    transitionWorkOrder: mutation('transitionWorkOrder', (args) => ({ params: { id: args.id }, body: args.input }), async (who, { params, body }, args) => ({
      status: 200,
      resource: await transitionWorkOrder(who, params.id as string, body as Parameters<typeof transitionWorkOrder>[2], (current) =>
        checkIfMatch(typeof args.expectedVersion === 'number' ? etagOf(args.expectedVersion) : undefined, current),
      ),
    })),
    acknowledgeAlert: mutation('acknowledgeAlert', (args) => ({ params: { id: args.id } }), async (who, { params }) => {
      const { before, after } = await acknowledgeAlert(who, params.id as string);
      return { status: 200, resource: after, before };
    }),
    createServiceRequest: mutation('createServiceRequest', (args) => ({ body: args.input }), async (who, { body }) => ({
      status: 201,
      resource: await createServiceRequest(who, body as Parameters<typeof createServiceRequest>[1]),
    })),
  },
};

const assetField = read('getAsset', (workOrder) => ({ params: { id: workOrder.assetId } }), (who, { params }, context) =>
  memoized(context, `asset:${params.id as string}`, () => getAsset(who, params.id as string)),
);

