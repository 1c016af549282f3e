/**
 * The AppSync Lambda resolver: ONE function for every field of the GraphQL API, routing
 * by `parentTypeName.fieldName` to the same resolver functions graphql-js runs locally
 * (`functions/graphql/resolvers.ts`), with the Principal built from the Cognito claims as
 * REST builds it. Field errors reach AppSync as `errorType` (the REST problem code) and a
 * message without internals. Nested fields are batch-invoked (`BatchInvoke`): an array of
 * events answered item by item, sharing one per-invocation memo.
 */
import { graphqlContext, type GraphqlCaller, type GraphqlContext } from '#graphql/context';
import { RESOLVERS } from '#graphql/resolvers';
import { claimList, principalFromClaims } from '#http-stack/principal';
import { AppError } from '#platform/errors';
import { platformEnv, readEnv } from '#platform/config';
import { logger } from '#platform/observability';
import { auditStore } from '#wiring/audit-store';

/** The parts of AppSync's direct Lambda resolver event the resolvers read. */
export interface AppSyncFieldEvent {
  readonly arguments: Record<string, unknown>;
  readonly source?: Record<string, unknown> | null;
  readonly identity?: { readonly claims?: Record<string, unknown>; readonly sourceIp?: readonly string[] } | null;
  readonly request?: { readonly headers?: Record<string, string | undefined> } | null;
  readonly info: { readonly parentTypeName: string; readonly fieldName: string };
}

/** One item of a batch answer (AppSync's BatchInvoke format). */
export interface AppSyncItem {
  readonly data: unknown;
  readonly errorType?: string;
  readonly errorMessage?: string;
}

const env = readEnv(platformEnv);

/** A refusal as AppSync shows it: `errorType` is Lambda's error name, the REST problem code. */
class FieldError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = code;
  }
}

function callerOf(event: AppSyncFieldEvent): GraphqlCaller {
  const claims = event.identity?.claims;
  const headers = event.request?.headers ?? {};
  return {
    // An API key alone carries no identity: every field then refuses with UNAUTHORIZED.
    principal: claims ? principalFromClaims(claims, env.DEFAULT_TENANT_ID) : undefined,
    tokenScopes: claimList(claims?.scope),
    apiKeyId: null,
    clientAddress: event.identity?.sourceIp?.[0] ?? null,
    userAgent: headers['user-agent'] ?? null,
  };
}

async function resolveField(event: AppSyncFieldEvent, context: GraphqlContext): Promise<unknown> {
  const resolve = RESOLVERS[event.info.parentTypeName]?.[event.info.fieldName];
  if (!resolve) throw new FieldError('GRAPHQL_VALIDATION_FAILED', `No resolver for ${event.info.parentTypeName}.${event.info.fieldName}`);
  try {
    return await resolve(event.source ?? {}, event.arguments ?? {}, context);
  } catch (error) {
    if (error instanceof AppError) throw new FieldError(error.code, error.message || error.title);
    // Field names only: the values a field resolves are never logged.
    logger.error('GraphQL resolver failed', { error: error as Error, field: `${event.info.parentTypeName}.${event.info.fieldName}` });
    throw new FieldError('INTERNAL_ERROR', 'Internal error');
  }
}

export async function handler(event: AppSyncFieldEvent | readonly AppSyncFieldEvent[]): Promise<unknown> {
  const first = Array.isArray(event) ? event[0] : event;
  if (!first) return [];
  let context: GraphqlContext;
  try {
    context = graphqlContext(callerOf(first as AppSyncFieldEvent), auditStore);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const refusal = new FieldError(error.code, error.message || error.title);
    if (!Array.isArray(event)) throw refusal;
    return event.map((): AppSyncItem => ({ data: null, errorType: refusal.code, errorMessage: refusal.message }));
  }
  if (!Array.isArray(event)) return resolveField(event as AppSyncFieldEvent, context);
  return Promise.all(
    (event as readonly AppSyncFieldEvent[]).map(async (item): Promise<AppSyncItem> => {
      try {
        return { data: await resolveField(item, context) };
      } catch (error) {
        const refusal = error as FieldError;
        return { data: null, errorType: refusal.code, errorMessage: refusal.message };
      }
    }),
  );
}
