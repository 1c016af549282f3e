/**
 * `POST /v1/batch`: each operation runs through its own route's handler and full
 * platform stack, with the batch caller's identity and key, so it is authorised,
 * validated, limited and audited exactly as if called alone.
 *
 * Best effort: operations run in order, each with its own answer.
 * Atomic: operations run in a unit of work that collects their writes, committed
 * in one DynamoDB transaction once every operation succeeded; otherwise nothing is
 * written. Operations see the data as it was before the batch.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { sendDirect } from '#adapters/dynamodb/document-client';
import { appModel } from '#lib/model/index';
import { RouteTable, type RouteMatch } from '#lib/model/route-table';
import { isAtomicCapable, isBatchable } from '#lib/model/routes/batch';
import { ALL_TABLES } from '#lib/model/table';
import type { RouteDecl } from '#lib/model/types';
import { Unprocessable } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { jsonText } from '#platform/json-text';
import { problemBody } from '#http-stack/middleware/problem-errors';
import { callerOf, proxyEvent } from '#lib/model/proxy-event';
import { UnitOfWork, withUnitOfWork } from '#platform/unit-of-work';
import { ROUTE_HANDLERS } from './route-handlers';

interface Operation {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Result {
  status: number;
  body?: unknown;
}

const table = new RouteTable(appModel.routes);
/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const PASSED_ON = ['authorization', 'x-api-key', 'user-agent', 'origin'];

const problem = (status: number, code: string, title: string, detail: string, instance?: string): Result => ({
  status,
  body: problemBody(status, code, title, detail, instance ? { instance } : {}),
});
const aborted = () => problem(424, 'BATCH_ABORTED', 'Not applied', 'Another operation of this atomic batch failed, so nothing was written');

function resolve(op: Operation): { route: RouteDecl; pathParameters: Record<string, string>; url: URL } | Result {
  const url = new URL(op.path, 'http://batch');
  let match: RouteMatch;
  try {
    match = table.match(op.method, url.pathname);
  } catch {
    // A path parameter that is not valid percent-encoding: no route has it, as the gateway answers.
    match = { kind: 'not-found' };
  }
  if (match.kind !== 'matched') return problem(404, 'ROUTE_NOT_FOUND', 'Not found', `No route ${op.method} ${url.pathname}`, url.pathname);
  if (!isBatchable(match.route)) return problem(400, 'NOT_BATCHABLE', 'Not allowed in a batch', `${match.route.operationId} cannot run in a batch`, url.pathname);
  return { route: match.route, pathParameters: match.pathParameters, url };
}

const operationId = (batch: APIGatewayProxyEvent, index: number) => `${batch.requestContext.requestId}-${index}`;

/**
 * The proxy event of one operation, made by the platform's one event builder: the
 * batch's caller (its authorizer context with every claim, its API key identity), the
 * operation's request. Its handler then authorises it exactly as a direct call.
 */
function operationEvent(batch: APIGatewayProxyEvent, op: Operation, route: RouteDecl, pathParameters: Record<string, string>, url: URL, index: number): APIGatewayProxyEvent {
  const headers: [string, string][] = [['content-type', 'application/json']];
  for (const [name, value] of Object.entries(batch.headers ?? {})) if (value && PASSED_ON.includes(name.toLowerCase())) headers.push([name.toLowerCase(), value]);
  for (const [name, value] of Object.entries(op.headers ?? {})) if (value !== undefined) headers.push([name, value]);
  // Written without recursion: a body too deep for its route reaches it, which refuses it as it would directly.
  const body = op.body === undefined ? null : jsonText(op.body);
  return proxyEvent({ route, url, pathParameters, headers, body, isBase64Encoded: false }, callerOf(batch, operationId(batch, index)));
}

async function run(route: RouteDecl, event: APIGatewayProxyEvent, context: Context): Promise<Result> {
  const load = ROUTE_HANDLERS[route.operationId];
  if (!load) return problem(400, 'NOT_BATCHABLE', 'Not allowed in a batch', `${route.operationId} cannot run in a batch`);
  const { handler } = await load();
  const answer = (await handler(event as never, context)) as APIGatewayProxyResult;
  let body: unknown;
  try {
    body = answer.body ? JSON.parse(answer.body) : undefined;
  } catch {
    body = answer.body;
  }
  return { status: answer.statusCode, ...(body === undefined ? {} : { body }) };
}

async function bestEffort(ops: Operation[], batch: APIGatewayProxyEvent, context: Context): Promise<Result[]> {
  const results: Result[] = [];
  for (const [i, op] of ops.entries()) {
    const target = resolve(op);
    results.push('status' in target ? target : await run(target.route, operationEvent(batch, op, target.route, target.pathParameters, target.url, i), context));
  }
  return results;
}

async function atomically(ops: Operation[], batch: APIGatewayProxyEvent, context: Context): Promise<{ committed: boolean; results: Result[] }> {
  const targets = ops.map(resolve);
  const refused = targets.flatMap((t, i) => ('status' in t ? [`#${i}: ${(t.body as { detail: string }).detail}`] : isAtomicCapable(t.route) ? [] : [`#${i}: ${t.route.operationId} has effects outside the database`]));
  if (refused.length) throw new Unprocessable(`These operations cannot run atomically: ${refused.join('; ')}`, 'BATCH_NOT_ATOMIC');
  if (ops.some((op) => op.headers?.['idempotency-key'])) {
    throw new Unprocessable('In an atomic batch, give the Idempotency-Key to the batch, not to its operations', 'BATCH_NOT_ATOMIC');
  }
  const unit = new UnitOfWork(new Set([process.env[ALL_TABLES.app.envVar], process.env[ALL_TABLES.audit.envVar]].filter((t): t is string => !!t)));
  const results: Result[] = [];
  for (const [i, op] of ops.entries()) {
    const { route, pathParameters, url } = targets[i] as Exclude<(typeof targets)[number], Result>;
    unit.operation = i;
    const result = await withUnitOfWork(unit, () => run(route, operationEvent(batch, op, route, pathParameters, url, i), context));
    results.push(result);
    if (result.status >= 400) return { committed: false, results: ops.map((_, j) => (j === i ? result : aborted())) };
  }
  if (unit.items.length > MAX_TRANSACTION_ITEMS) {
    throw new Unprocessable(`The batch writes ${unit.items.length} items; one transaction holds at most ${MAX_TRANSACTION_ITEMS}`, 'BATCH_TOO_LARGE');
  }
  if (unit.duplicateItem()) throw new Unprocessable('Two operations of the batch change the same item; split the batch', 'BATCH_NOT_ATOMIC');
  if (unit.items.length === 0) return { committed: true, results };
  try {
    await sendDirect(new TransactWriteCommand({ TransactItems: unit.items.map((w) => w.item) }));
    return { committed: true, results };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const failedItem = (error.CancellationReasons ?? []).findIndex((r) => r.Code && r.Code !== 'None');
    const failedOp = unit.items[failedItem]?.operation ?? 0;
    const conflict = problem(409, 'CONFLICT', 'Conflict', 'The data changed while the batch ran; nothing was written. Read again and retry.');
    return { committed: false, results: ops.map((_, j) => (j === failedOp ? conflict : aborted())) };
  }
}

export async function runBatch(request: HttpRequest<unknown, unknown, { operations: Operation[]; atomic: boolean }>, context: Context) {
  const { operations, atomic } = request.body;
  const body = atomic ? await atomically(operations, request.event, context) : { results: await bestEffort(operations, request.event, context) };
  return { status: 200, body };
}

/** The Lambda context an operation runs with: the batch's function, the operation's request id. */
function operationContext(requestId: string, deadline: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'hydrant-batch',
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: '',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const route = appModel.routes.find((r) => r.operationId === 'batch') as RouteDecl;

export const handler = httpRoute(route, (request: HttpRequest<unknown, unknown, { operations: Operation[]; atomic: boolean }>) =>
  runBatch(request, operationContext(request.requestId, Date.now() + (route.fn.timeoutSeconds ?? 29) * 1000 - 1000)),
);
