/**
 * API Gateway API keys and usage plan keys: the secondary adapter of the api-keys
 * routes and their schedule. The client is created once per execution environment;
 * its endpoint comes from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_API_GATEWAY` locally). `USAGE_PLAN_IDS` maps the model's plan
 * ids to API Gateway's usage plan ids and is read once, at cold start.
 */
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeyCommand,
  NotFoundException,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway';
import * as z from 'zod';
import type { GatewayChange } from '#domain/api-keys';
import { readEnv } from '#platform/config';
import { logger } from '#platform/observability';

/** `{ "<model plan id>": "<usage plan id>" }`, set by the CDK stack (and the local stack). */
const UsagePlanIds = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1), z.string().min(1)));

const env = readEnv({ USAGE_PLAN_IDS: UsagePlanIds });

export const apiGatewayClient = new APIGatewayClient({});

/** API Gateway's usage plan id of a model plan; throws on a plan the deployment does not have. */
export function usagePlanIdOf(planId: string): string {
  const id = env.USAGE_PLAN_IDS[planId];
  if (!id) throw new Error(`No API Gateway usage plan for plan ${planId} in USAGE_PLAN_IDS`);
  return id;
}

/** Creates a gateway key with a value chosen by Hydrant; returns API Gateway's id of it. */
export async function createGatewayKey(input: { name: string; value: string; enabled: boolean; description?: string }): Promise<string> {
  const out = await apiGatewayClient.send(
    new CreateApiKeyCommand({ name: input.name, value: input.value, enabled: input.enabled, ...(input.description ? { description: input.description } : {}) }),
  );
  if (!out.id) throw new Error('CreateApiKey answered no id');
  return out.id;
}

/** Puts a gateway key into the usage plan of a model plan. */
export async function addKeyToPlan(gatewayKeyId: string, planId: string): Promise<void> {
  await apiGatewayClient.send(new CreateUsagePlanKeyCommand({ usagePlanId: usagePlanIdOf(planId), keyId: gatewayKeyId, keyType: 'API_KEY' }));
}

/** Takes a gateway key out of a plan; a key that is not in it is fine (idempotent). */
export async function removeKeyFromPlan(gatewayKeyId: string, planId: string): Promise<void> {
  await ignoreNotFound(apiGatewayClient.send(new DeleteUsagePlanKeyCommand({ usagePlanId: usagePlanIdOf(planId), keyId: gatewayKeyId })));
}

/** Enables or disables a gateway key (a disabled one is refused by API Gateway with 403). */
export async function setGatewayKeyEnabled(gatewayKeyId: string, enabled: boolean): Promise<void> {
  await apiGatewayClient.send(
    new UpdateApiKeyCommand({ apiKey: gatewayKeyId, patchOperations: [{ op: 'replace', path: '/enabled', value: String(enabled) }] }),
  );
}

/** Renames a gateway key, so the API Gateway console shows what Hydrant shows. */
export async function renameGatewayKey(gatewayKeyId: string, name: string): Promise<void> {
  await apiGatewayClient.send(new UpdateApiKeyCommand({ apiKey: gatewayKeyId, patchOperations: [{ op: 'replace', path: '/name', value: name }] }));
}

/**
 * The value of a gateway key, read back from API Gateway (which keeps it; Hydrant
 * stores none). Only the claim of an automatic rotation's value asks for it.
 */
export async function gatewayKeyValue(gatewayKeyId: string): Promise<string> {
  const out = await apiGatewayClient.send(new GetApiKeyCommand({ apiKey: gatewayKeyId, includeValue: true }));
  if (!out.value) throw new Error('GetApiKey answered no value');
  return out.value;
}

/** Deletes a gateway key; one already gone is fine (idempotent). */
export async function deleteGatewayKey(gatewayKeyId: string): Promise<void> {
  await ignoreNotFound(apiGatewayClient.send(new DeleteApiKeyCommand({ apiKey: gatewayKeyId })));
}

/**
 * A new gateway key with `value`, in the plan's usage plan. When the plan step
 * fails, the key just created is deleted again (nothing half-made is left behind).
 */
export async function provisionGatewayKey(input: { name: string; value: string; planId: string; enabled: boolean; description?: string }): Promise<string> {
  const gatewayKeyId = await createGatewayKey(input);
  try {
    await addKeyToPlan(gatewayKeyId, input.planId);
  } catch (error) {
    await discardGatewayKey(gatewayKeyId);
    throw error;
  }
  return gatewayKeyId;
}

/**
 * Undoes a gateway key after a later step failed. Never throws: the caller reports
 * the first failure, and a key that could not be deleted is logged loudly for an
 * operator (it has no policy, so it would get the default plan).
 */
export async function discardGatewayKey(gatewayKeyId: string): Promise<void> {
  try {
    await deleteGatewayKey(gatewayKeyId);
  } catch (error) {
    logger.error('Could not delete an orphaned API Gateway key; delete it by hand', { gatewayKeyId, error: error as Error });
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
  }
}

/** Applies one change of a gateway key (a plan move is out of the old plan, then into the new: one plan per stage). */
export async function applyGatewayChange(change: GatewayChange): Promise<void> {
  if (change.plan) {
    await removeKeyFromPlan(change.gatewayKeyId, change.plan.from);
    await addKeyToPlan(change.gatewayKeyId, change.plan.to);
  }
  if (change.enabled !== undefined) await setGatewayKeyEnabled(change.gatewayKeyId, change.enabled);
  if (change.name !== undefined) await renameGatewayKey(change.gatewayKeyId, change.name);
}

/** Disables a gateway key; one already deleted is fine (idempotent). */
export async function disableGatewayKeyIfExists(gatewayKeyId: string): Promise<void> {
  await ignoreNotFound(setGatewayKeyEnabled(gatewayKeyId, false));
}
