/**
 * `POST /v1/batch`: up to 100 operations, each run through its own route's full
 * platform stack (authorisation, validation, limits, audit) as if called alone.
 * Its function's access is the union of the routes it may run, computed here so it
 * cannot drift from them.
 */
import type { DataAccess, FunctionSpec, QueueName, RouteDecl } from '../types';
import { BatchBody, batchExample, BatchResult, batchResultExample } from '../schemas/batch';
import { ALL_ROLES, authenticated } from './access';

/** Routes a batch may run: authenticated ones that manage no credentials. */
export const isBatchable = (r: RouteDecl): boolean =>
  r.auth.kind === 'authenticated' && r.operationId !== 'batch' && !r.fn.access.apiKeys && !r.fn.access.userPool && !r.fn.access.telemetry && !('iotDevices' in r.fn.access);

/** Routes an atomic batch may run: they touch nothing but the application table. */
export const isAtomicCapable = (r: RouteDecl): boolean =>
  isBatchable(r) && !r.fn.access.documentsBucket && !(r.fn.access.sendsTo?.length) && !r.fn.access.auditLog;

const widest = (a: DataAccess | undefined, b: DataAccess | undefined): DataAccess | undefined =>
  a === 'readWrite' || b === 'readWrite' ? 'readWrite' : (a ?? b);

type BucketAccess = NonNullable<FunctionSpec['access']['documentsBucket']>;
/** `write` (put only) and `read` together need `readWrite`. */
const widestBucket = (a: BucketAccess | undefined, b: BucketAccess | undefined): BucketAccess | undefined =>
  a === undefined || b === undefined || a === b ? (a ?? b) : 'readWrite';

export function unionAccess(routes: readonly RouteDecl[]): FunctionSpec['access'] {
  let table: DataAccess | undefined;
  let documentsBucket: BucketAccess | undefined;
  let documentsPrefixes: Set<string> | undefined = new Set<string>();
  let auditLog: 'read' | undefined;
  const sendsTo = new Set<QueueName>();
  for (const r of routes) {
    table = widest(table, r.fn.access.table);
    documentsBucket = widestBucket(documentsBucket, r.fn.access.documentsBucket);
    // A route with the whole bucket makes the union the whole bucket.
    if (r.fn.access.documentsBucket) {
      if (!r.fn.access.documentsPrefixes) documentsPrefixes = undefined;
      else r.fn.access.documentsPrefixes.forEach((p) => documentsPrefixes?.add(p));
    }
    if (r.fn.access.auditLog === 'read') auditLog = 'read';
    r.fn.access.sendsTo?.forEach((q) => sendsTo.add(q));
  }
  return {
    ...(table ? { table } : {}),
    ...(documentsBucket ? { documentsBucket, ...(documentsPrefixes ? { documentsPrefixes: [...documentsPrefixes] } : {}) } : {}), ...(auditLog ? { auditLog } : {}), ...(sendsTo.size ? { sendsTo: [...sendsTo] } : {}) };
}

export function batchRoute(routes: readonly RouteDecl[]): RouteDecl {
  const scopes = [...new Set(routes.filter(isBatchable).flatMap((r) => (r.auth.kind === 'authenticated' ? (r.auth.scopes ?? []) : [])))];
  return {
    operationId: 'batch',
    method: 'POST',
    path: '/v1/batch',
    summary: 'Run up to 100 operations in one call, best effort or all-or-nothing (atomic)',
    tag: 'Platform',
    handler: 'http/batch/run',
    auth: authenticated(ALL_ROLES, scopes),
    apiKey: true,
    idempotent: true,
    // Each operation's body is held to its own route's depth and refused per operation;
    // the envelope's shape is fixed by its schema, which reads no operation body.
    request: { body: BatchBody, bodyExample: batchExample, maxBodyDepth: Number.POSITIVE_INFINITY },
    responses: { 200: { description: 'One result per operation, in order', schema: BatchResult, example: batchResultExample } },
    fn: { memoryMb: 1024, timeoutSeconds: 29, access: unionAccess(routes.filter(isBatchable)) },
  };
}
