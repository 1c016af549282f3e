/**
 * `POST /v1/batch`: up to 100 operations, best effort or atomic (all or nothing), each
 * run through its own route's handler and full stack with the batch caller's identity
 * (`functions/application/batch/run-batch.ts` for the steps).
 */
import type { z } from 'zod';
import { isRefusal, runBatch, type OperationResult } from '#application/batch/run-batch';
import { problemBody } from '#http-stack/middleware/problem-errors';
import { appModel } from '#lib/model/index';
import type { BatchBody } from '#lib/model/schemas/batch';
import type { RouteDecl } from '#lib/model/types';
import { operationRunner } from '#wiring/batch-operations';
import { httpRoute } from '#wiring/http-route';

const route = appModel.routes.find((r) => r.operationId === 'batch') as RouteDecl;
/** An operation must end a second before the batch's function does. */
const budgetMs = (route.fn.timeoutSeconds ?? 29) * 1000 - 1000;

/** An operation's result as the batch answers it: its route's answer, or a problem document. */
const answer = (result: OperationResult) =>
  isRefusal(result)
    ? { status: result.status, body: problemBody(result.status, result.code, result.title, result.detail, result.instance ? { instance: result.instance } : {}) }
    : result;

export const handler = httpRoute<Record<string, string>, Record<string, unknown>, z.infer<typeof BatchBody>>(route, async (request) => {
  const outcome = await runBatch(request.body, operationRunner(request.event, request.requestId, Date.now() + budgetMs));
  return { status: 200, body: { ...(outcome.committed === undefined ? {} : { committed: outcome.committed }), results: outcome.results.map(answer) } };
});
