/**
 * The five routes of a plain resource (create, list, get, update, delete), declared
 * from one description so that every resource gets the same contract: ETags,
 * conditional requests, cursor lists and the same status codes.
 */
import type { z } from 'zod';
import type { Deprecation, FunctionSpec, Role, RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import { authenticated } from './access';

export interface CrudDecl {
  /** Plural path segment and handler folder, e.g. `assets`. */
  readonly collection: string;
  /** Singular PascalCase name used in operation ids, e.g. `Asset`. */
  readonly name: string;
  readonly tag: string;
  readonly schema: z.ZodType;
  readonly example: unknown;
  readonly createBody: z.ZodType;
  readonly createExample: unknown;
  readonly updateBody: z.ZodType;
  readonly updateExample: unknown;
  readonly listQuery: z.ZodObject;
  readonly readers: readonly Role[];
  readonly writers: readonly Role[];
  /** Extra access for the write functions (e.g. a queue they publish to). */
  readonly writeFn?: FunctionSpec;
  readonly readFn?: FunctionSpec;
  /**
   * Deprecated top-level fields of the resource: every route whose answer holds the
   * resource (create, list, get, update) announces them with Deprecation, Sunset and Link.
   * @default - none
   */
  readonly deprecatedFields?: Readonly<Record<string, Deprecation>>;
}

const ETAG = ['ETag'];
const DEPRECATION_HEADERS = ['Deprecation', 'Sunset', 'Link'];

export function crudRoutes(d: CrudDecl): RouteDecl[] {
  const base = `/v1/${d.collection}`;
  const item = `${base}/{id}`;
  const readFn = d.readFn ?? { access: { table: 'read' } };
  const writeFn = d.writeFn ?? { access: { table: 'readWrite' } };
  const lower = d.name.charAt(0).toLowerCase() + d.name.slice(1);
  const common = { tag: d.tag, apiKey: true } as const;
  // Routes whose answers hold the resource carry its deprecated fields' headers.
  const holds = d.deprecatedFields ? { deprecatedFields: d.deprecatedFields } : {};
  const announced = d.deprecatedFields ? DEPRECATION_HEADERS : [];
  return [
    {
      ...common,
      operationId: `create${d.name}`,
      method: 'POST',
      path: base,
      summary: `Create a ${lower}`,
      handler: `http/${d.collection}/create`,
      auth: authenticated(d.writers),
      request: { body: d.createBody, bodyExample: d.createExample },
      idempotent: true,
      responses: { 201: { description: 'Created', schema: d.schema, example: d.example, headers: [...ETAG, 'Location', ...announced] } },
      fn: writeFn,
      ...holds,
    },
    {
      ...common,
      operationId: `list${d.name}s`,
      method: 'GET',
      path: base,
      summary: `List ${d.collection}`,
      handler: `http/${d.collection}/list`,
      auth: authenticated(d.readers),
      request: { query: d.listQuery },
      responses: { 200: { description: 'A page', schema: pageOf(d.schema), example: { data: [d.example], nextCursor: null }, ...(announced.length ? { headers: announced } : {}) } },
      fn: readFn,
      ...holds,
    },
    {
      ...common,
      operationId: `get${d.name}`,
      method: 'GET',
      path: item,
      summary: `Get a ${lower}`,
      handler: `http/${d.collection}/get`,
      auth: authenticated(d.readers),
      request: { params: IdParams, headers: ['If-None-Match'] },
      responses: {
        200: { description: 'Found', schema: d.schema, example: d.example, headers: [...ETAG, ...announced] },
      },
      fn: readFn,
      ...holds,
    },
    {
      ...common,
      operationId: `update${d.name}`,
      method: 'PATCH',
      path: item,
      summary: `Update a ${lower} (partial)`,
      handler: `http/${d.collection}/update`,
      auth: authenticated(d.writers),
      request: { params: IdParams, body: d.updateBody, bodyExample: d.updateExample, headers: ['If-Match'] },
      responses: { 200: { description: 'Updated', schema: d.schema, example: d.example, headers: [...ETAG, ...announced] } },
      fn: writeFn,
      ...holds,
    },
    {
      ...common,
      operationId: `delete${d.name}`,
      method: 'DELETE',
      path: item,
      summary: `Delete a ${lower}`,
      handler: `http/${d.collection}/delete`,
      auth: authenticated(d.writers),
      request: { params: IdParams, headers: ['If-Match'] },
      responses: { 204: { description: 'Deleted' } },
      fn: writeFn,
    },
  ];
}
