/**
 * Runs a handler module as Lambda would: the module is loaded once (its init code
 * runs at "cold start"), then invoked with a Lambda-shaped context, within the
 * function's timeout.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '#lib/model/types';

export type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

const ROOT = path.resolve(import.meta.dirname, '../../..');
const modules = new Map<string, Promise<AnyHandler>>();

export class InvocationTimeout extends Error {}

/** Loads `functions/<handler>.ts` (or an absolute module path) and returns its `handler` export. */
export function loadHandler(handler: string): Promise<AnyHandler> {
  let loaded = modules.get(handler);
  if (!loaded) {
    const file = path.isAbsolute(handler) ? handler : path.join(ROOT, 'functions', `${handler}.ts`);
    loaded = import(pathToFileURL(file).href).then((mod: { handler?: AnyHandler }) => {
      if (typeof mod.handler !== 'function') throw new Error(`${file} exports no handler`);
      return mod.handler;
    });
    modules.set(handler, loaded);
  }
  return loaded;
}

function lambdaContext(name: string, fn: FunctionSpec, deadline: number): Context {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `hydrant-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:hydrant-local-${name}`,
    memoryLimitInMB: String(fn.memoryMb ?? 256),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/hydrant-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes a handler with the function's timeout; rejects with InvocationTimeout past it. */
export async function invoke(name: string, handler: string, fn: FunctionSpec, event: unknown): Promise<unknown> {
  const timeoutMs = (fn.timeoutSeconds ?? 10) * 1000;
  const run = await loadHandler(handler);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeout(`${name} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([run(event, lambdaContext(name, fn, Date.now() + timeoutMs)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
