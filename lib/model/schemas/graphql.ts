/** `POST /graphql`: the request envelope of GraphQL over HTTP, and its answer. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { MAX_GRAPHQL_QUERY_LENGTH } from '../graphql/schema';

export const GraphqlBody = lazySchema(() => z.strictObject({
  query: z.string().min(1).max(MAX_GRAPHQL_QUERY_LENGTH).describe('The GraphQL document (schema: lib/model/graphql/schema.graphql)'),
  variables: z.record(z.string(), z.unknown()).nullable().optional(),
  operationName: z.string().min(1).max(100).nullable().optional(),
}));

export const graphqlBodyExample = {
  query: 'query Site($id: ID!) { site(id: $id) { name assets(first: 10) { edges { node { name status } } } } }',
  variables: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' },
};

const GraphqlError = lazySchema(() => z.object({
  message: z.string(),
  locations: z.array(z.object({ line: z.int(), column: z.int() })).optional(),
  path: z.array(z.union([z.string(), z.int()])).optional(),
  extensions: z.object({ code: z.string().describe('The REST problem code, or a GraphQL one (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, QUERY_TOO_DEEP, QUERY_TOO_COMPLEX)') }).loose(),
}));

export const GraphqlAnswer = lazySchema(() => z
  .object({
    data: z.record(z.string(), z.unknown()).nullable().optional(),
    errors: z.array(GraphqlError).optional(),
  })
  .meta({ id: 'GraphqlAnswer' }));

export const graphqlAnswerExample = { data: { site: { name: 'Usine de Saint-Clair', assets: { edges: [{ node: { name: 'Pompe P1', status: 'operational' } }] } } } };
