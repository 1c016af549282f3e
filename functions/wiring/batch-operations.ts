/**
 * How an operation of a batch reaches its route: the REST proxy event made by the
 * model's one builder (`lib/model/proxy-event.ts`, as the local gateway makes each
 * request's) for the batch's caller, handed to the route's own handler, so it is
 * authorised, validated, limited and audited exactly as a direct call.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod';
import type { OperationResult, ResolvedOperation } from '#application/batch/run-batch';
import { callerOf, proxyEvent } from '#lib/model/proxy-event';
import { readEnv } from '#platform/config';
import { jsonText } from '#platform/json-text';
import { ROUTE_HANDLERS } from './route-handlers';

/** The batch function's own Lambda settings, lent to its operations' contexts. */
const lambda = readEnv({
  AWS_LAMBDA_FUNCTION_NAME: z.string().default('hydrant-batch'),
  AWS_LAMBDA_FUNCTION_VERSION: z.string().default('$LATEST'),
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: z.string().default('1024'),
  AWS_LAMBDA_LOG_GROUP_NAME: z.string().default(''),
  AWS_LAMBDA_LOG_STREAM_NAME: z.string().default(''),
});

/** Headers of the batch call every operation carries (who calls, with which key). */
const PASSED_ON = ['authorization', 'x-api-key', 'user-agent', 'origin'];

/** The proxy event of one operation: the batch's caller (authorizer context, API key identity), the operation's request. */
export function operationEvent(batch: APIGatewayProxyEvent, target: ResolvedOperation): APIGatewayProxyEvent {
  const { operation, route, url, pathParameters, index } = target;
  const headers: [string, string][] = [['content-type', 'application/json']];
  for (const [name, value] of Object.entries(batch.headers ?? {})) if (value && PASSED_ON.includes(name.toLowerCase())) headers.push([name.toLowerCase(), value]);
  for (const [name, value] of Object.entries(operation.headers ?? {})) if (value !== undefined) headers.push([name, value]);
  // Written without recursion: a body too deep for its route reaches it, which refuses it as it would directly.
  const body = operation.body === undefined ? null : jsonText(operation.body);
  return proxyEvent({ route, url, pathParameters, headers, body, isBase64Encoded: false }, callerOf(batch, `${batch.requestContext.requestId}-${index}`));
}

/** The Lambda context an operation runs with: the batch's function, the operation's request id. */
function operationContext(requestId: string, deadline: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: lambda.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: lambda.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: '',
    memoryLimitInMB: lambda.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: lambda.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: lambda.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Runs operations of the batch `batch` through their routes' handlers, until `deadline` (epoch ms). */
export function operationRunner(batch: APIGatewayProxyEvent, requestId: string, deadline: number) {
  const context = operationContext(requestId, deadline);
  return async (target: ResolvedOperation): Promise<OperationResult> => {
    const load = ROUTE_HANDLERS[target.route.operationId];
    if (!load) return { status: 400, code: 'NOT_BATCHABLE', title: 'Not allowed in a batch', detail: `${target.route.operationId} cannot run in a batch` };
    const { handler } = await load();
    const answer = (await handler(operationEvent(batch, target) as never, context)) as APIGatewayProxyResult;
    let body: unknown;
    try {
      body = answer.body ? JSON.parse(answer.body) : undefined;
    } catch {
      body = answer.body;
    }
    return { status: answer.statusCode, ...(body === undefined ? {} : { body }) };
  };
}
