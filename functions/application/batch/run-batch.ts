/**
 * Runs a batch of API operations (`POST /v1/batch`), each through its own route as if
 * called alone (the `run` port: its route's whole stack, with the batch caller's identity).
 *
 * Steps:
 * 1. Resolve each operation to its route in the model: no route is 404 ROUTE_NOT_FOUND,
 *    a route a batch may not run is 400 NOT_BATCHABLE (that operation only).
 * Best effort:
 * 2. Run the operations in order, each with its own answer.
 * Atomic:
 * 2. Refuse the batch (BATCH_NOT_ATOMIC) when an operation did not resolve, has effects
 *    outside the database, or carries its own Idempotency-Key.
 * 3. Run the operations in order in one unit of work that collects their writes; at the
 *    first that fails, stop: its answer, 424 BATCH_ABORTED for every other, nothing written.
 * 4. Refuse more writes than one transaction holds (BATCH_TOO_LARGE), or two writes to
 *    one item (BATCH_NOT_ATOMIC).
 * 5. Commit the writes in one transaction; if it is cancelled (the data changed meanwhile),
 *    409 CONFLICT for the operation whose write was refused, 424 for the others.
 */
import type { z } from 'zod';
import { batchUnitOfWork, commitUnitOfWork, MAX_TRANSACTION_ITEMS } from '#adapters/dynamodb/batch-transaction';
import { appModel } from '#lib/model/index';
import { RouteTable, type RouteMatch } from '#lib/model/route-table';
import { isAtomicCapable, isBatchable } from '#lib/model/routes/batch';
import type { BatchBody } from '#lib/model/schemas/batch';
import type { RouteDecl } from '#lib/model/types';
import { Unprocessable } from '#platform/errors';
import { withUnitOfWork } from '#platform/unit-of-work';

export type BatchRequest = z.infer<typeof BatchBody>;
export type BatchOperation = BatchRequest['operations'][number];

/** An operation matched to its route. */
export interface ResolvedOperation {
  readonly operation: BatchOperation;
  /** Its place in the batch. */
  readonly index: number;
  readonly route: RouteDecl;
  readonly url: URL;
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** What an operation's route answered. */
export interface OperationAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** An operation the batch itself refused or did not apply, in problem terms. */
export interface OperationRefusal {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly instance?: string;
}

export type OperationResult = OperationAnswer | OperationRefusal;

export const isRefusal = (result: OperationResult): result is OperationRefusal => 'code' in result;

/** Runs one operation through its route. */
export type RunOperation = (operation: ResolvedOperation) => Promise<OperationResult>;

/** One result per operation, in order; `committed` for an atomic batch only. */
export interface BatchOutcome {
  readonly committed?: boolean;
  readonly results: readonly OperationResult[];
}

const table = new RouteTable(appModel.routes);

const aborted = (): OperationRefusal => ({ status: 424, code: 'BATCH_ABORTED', title: 'Not applied', detail: 'Another operation of this atomic batch failed, so nothing was written' });

function resolve(operation: BatchOperation, index: number): ResolvedOperation | OperationRefusal {
  const url = new URL(operation.path, 'http://batch');
  let match: RouteMatch;
  try {
    match = table.match(operation.method, url.pathname);
  } catch {
    // A path parameter that is not valid percent-encoding: no route has it, as the gateway answers.
    match = { kind: 'not-found' };
  }
  const instance = url.pathname;
  if (match.kind !== 'matched') return { status: 404, code: 'ROUTE_NOT_FOUND', title: 'Not found', detail: `No route ${operation.method} ${url.pathname}`, instance };
  if (!isBatchable(match.route)) return { status: 400, code: 'NOT_BATCHABLE', title: 'Not allowed in a batch', detail: `${match.route.operationId} cannot run in a batch`, instance };
  return { operation, index, route: match.route, url, pathParameters: match.pathParameters };
}

const isResolved = (target: ResolvedOperation | OperationRefusal): target is ResolvedOperation => 'route' in target;

async function bestEffort(targets: readonly (ResolvedOperation | OperationRefusal)[], run: RunOperation): Promise<BatchOutcome> {
  const results: OperationResult[] = [];
  for (const target of targets) results.push(isResolved(target) ? await run(target) : target);
  return { results };
}

async function atomically(targets: readonly (ResolvedOperation | OperationRefusal)[], run: RunOperation): Promise<BatchOutcome> {
  const refused = targets.flatMap((t, i) => (!isResolved(t) ? [`#${i}: ${t.detail}`] : isAtomicCapable(t.route) ? [] : [`#${i}: ${t.route.operationId} has effects outside the database`]));
  if (refused.length) throw new Unprocessable(`These operations cannot run atomically: ${refused.join('; ')}`, 'BATCH_NOT_ATOMIC');
  const resolved = targets.filter(isResolved);
  if (resolved.some((t) => t.operation.headers?.['idempotency-key'])) {
    throw new Unprocessable('In an atomic batch, give the Idempotency-Key to the batch, not to its operations', 'BATCH_NOT_ATOMIC');
  }
  const unit = batchUnitOfWork();
  const results: OperationResult[] = [];
  for (const target of resolved) {
    unit.operation = target.index;
    const result = await withUnitOfWork(unit, () => run(target));
    results.push(result);
    if (result.status >= 400) return { committed: false, results: resolved.map((_, j) => (j === target.index ? result : aborted())) };
  }
  if (unit.items.length > MAX_TRANSACTION_ITEMS) {
    throw new Unprocessable(`The batch writes ${unit.items.length} items; one transaction holds at most ${MAX_TRANSACTION_ITEMS}`, 'BATCH_TOO_LARGE');
  }
  if (unit.duplicateItem()) throw new Unprocessable('Two operations of the batch change the same item; split the batch', 'BATCH_NOT_ATOMIC');
  const commit = await commitUnitOfWork(unit);
  if (commit.committed) return { committed: true, results };
  const conflict: OperationRefusal = { status: 409, code: 'CONFLICT', title: 'Conflict', detail: 'The data changed while the batch ran; nothing was written. Read again and retry.' };
  return { committed: false, results: resolved.map((_, j) => (j === commit.failedOperation ? conflict : aborted())) };
}

/** Runs the batch: best effort (each operation answered alone) or atomic (all or nothing). */
export async function runBatch(request: BatchRequest, run: RunOperation): Promise<BatchOutcome> {
  const targets = request.operations.map(resolve);
  return request.atomic ? atomically(targets, run) : bestEffort(targets, run);
}
