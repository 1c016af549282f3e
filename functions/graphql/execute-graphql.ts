/**
 * Runs one GraphQL request (`POST /graphql` locally) with graphql-js over the one schema
 * and the resolvers REST's use cases back. Steps:
 *   1. parse the document (GRAPHQL_PARSE_FAILED);
 *   2. validate it against the schema, introspection refused unless allowed (GRAPHQL_VALIDATION_FAILED);
 *   3. pick the operation and coerce its variables (BAD_USER_INPUT);
 *   4. measure it: depth and cost over their limits are refused before anything runs
 *      (QUERY_TOO_DEEP, QUERY_TOO_COMPLEX);
 *   5. execute, each field's error carrying its REST problem code in `extensions.code`,
 *      and never an internal message or a stack.
 */
import {
  buildSchema,
  defaultFieldResolver,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { GRAPHQL_SCHEMA, MAX_GRAPHQL_COMPLEXITY, MAX_GRAPHQL_DEPTH } from '#lib/model/graphql/schema';
import { AppError } from '#platform/errors';
import { logger } from '#platform/observability';
import type { GraphqlContext } from './context';
import { measureQuery } from './limits';
import { RESOLVERS, type Args, type Source } from './resolvers';

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly operationName?: string | null;
}

export interface GraphqlOptions {
  /** Whether `__schema` and `__type` may be queried (the local stack only). */
  readonly introspection: boolean;
}

/**
 * The answer, always with HTTP 200 as GraphQL over HTTP asks of `application/json`: a
 * request that did not run has `errors` and no `data`; one that ran has `data` (null where
 * a field failed) and an error per failed field.
 */
export interface GraphqlAnswer {
  readonly data?: unknown;
  readonly errors?: readonly GraphQLFormattedError[];
}

let schemaOnce: GraphQLSchema | undefined;
/** Built on first use, as the model's schemas are. */
export const graphqlSchema = (): GraphQLSchema => (schemaOnce ??= buildSchema(GRAPHQL_SCHEMA));

const fieldResolver: GraphQLFieldResolver<Source, GraphqlContext, Args> = (source, args, context, info) => {
  const resolve = RESOLVERS[info.parentType.name]?.[info.fieldName];
  return resolve ? resolve(source, args, context) : defaultFieldResolver(source, args, context, info);
};

/** A field's error as the caller sees it: the typed error's code and message, or nothing internal. */
export function formatGraphqlError(error: GraphQLError): GraphQLFormattedError {
  const original = error.originalError;
  const where = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
  if (original instanceof AppError) {
    return { message: original.message || original.title, ...where, extensions: { code: original.code, status: original.status, ...original.extensions } };
  }
  if (original && !(original instanceof GraphQLError)) {
    logger.error('GraphQL resolver failed', { error: original, path: error.path?.join('.') });
    return { message: 'Internal error', ...where, extensions: { code: 'INTERNAL_ERROR', status: 500 } };
  }
  return { message: error.message, ...where, extensions: { code: (error.extensions.code as string | undefined) ?? 'GRAPHQL_EXECUTION_FAILED' } };
}

const refused = (code: string, errors: readonly GraphQLError[] | string, extensions: Record<string, unknown> = {}): GraphqlAnswer => ({
  errors: (typeof errors === 'string' ? [new GraphQLError(errors)] : errors).map((e) => ({
    message: e.message,
    ...(e.locations ? { locations: e.locations } : {}),
    extensions: { code, ...extensions },
  })),
});

export async function executeGraphql(request: GraphqlRequest, context: GraphqlContext, options: GraphqlOptions): Promise<GraphqlAnswer> {
  const schema = graphqlSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: 5000 });
  } catch (error) {
    return refused('GRAPHQL_PARSE_FAILED', [error as GraphQLError]);
  }
  const rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const invalid = validate(schema, document, rules, { maxErrors: 20 });
  if (invalid.length) return refused('GRAPHQL_VALIDATION_FAILED', invalid);
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) return refused('GRAPHQL_VALIDATION_FAILED', request.operationName ? `No operation named ${request.operationName}` : 'Name the operation to run (operationName)');
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], { ...(request.variables ?? {}) }, { maxErrors: 20 });
  if (variables.errors) return refused('BAD_USER_INPUT', variables.errors);
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const { depth, cost } = measureQuery(schema, operation, fragments, variables.coerced);
  if (depth > MAX_GRAPHQL_DEPTH) return refused('QUERY_TOO_DEEP', `The query is ${depth} levels deep; at most ${MAX_GRAPHQL_DEPTH} are allowed`, { depth, limit: MAX_GRAPHQL_DEPTH });
  if (cost > MAX_GRAPHQL_COMPLEXITY) return refused('QUERY_TOO_COMPLEX', `The query costs ${cost}; at most ${MAX_GRAPHQL_COMPLEXITY} is allowed`, { cost, limit: MAX_GRAPHQL_COMPLEXITY });
  const result = (await execute({
    schema,
    document,
    contextValue: context,
    variableValues: request.variables ?? {},
    operationName: request.operationName ?? undefined,
    fieldResolver,
  })) as ExecutionResult;
  return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors.map(formatGraphqlError) } : {}) };
}
