/**
 * API keys and their policies, in the control table (the platform reads the policy
 * of every request's key there). Keys:
 *   key          PK = T#t#APIKEY#<id>            SK = APIKEY
 *   all keys     GSI1PK = T#t#APIKEYS            GSI1SK = <id>
 *   policy       PK = APIKEY#<gateway key id>    SK = POLICY      (one per gateway key: current and retiring)
 *   due policies GSI1PK = APIKEY_DEADLINES       GSI1SK = <deadline>#<gateway key id>  (sparse: the schedule's work list)
 *   rotation     PK = T#t#APIKEY#<id>            SK = ROTATION    (only while automatic rotation has a next step)
 *                GSI1PK = APIKEY_ROTATIONS       GSI1SK = <step time>#<tenant>#<id>  (the rotation schedule's work list)
 * The key and its policies are written in one transaction, conditioned on the
 * version read, so the platform never enforces a policy the key does not have.
 * No key value is ever written here.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { deadlineOf, policyOf, rotationScheduleOf, type ApiKey, type ApiKeyPolicy } from '#domain/api-keys';
import { NotFound, VersionConflict } from '#platform/errors';
import { keyPolicyKey } from './control/key-policies';
import { controlTableName } from './control/table';
import { documentClient } from './document-client';
import { failedConditions } from './items';
import { readPage } from './query-page';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const tenantKey = (tenantId: string, ...parts: string[]) => ['T', tenantId, ...parts].join('#');
export const apiKeyKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'APIKEY', id), SK: 'APIKEY' });
const DEADLINES = 'APIKEY_DEADLINES';
const ROTATIONS = 'APIKEY_ROTATIONS';
const rotationKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'APIKEY', id), SK: 'ROTATION' });

/** The key without its table attributes (not `withoutKeys`: `expiresAt` is a field here, a string the TTL ignores). */
function toApiKey(item: Record<string, unknown>): ApiKey {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, entity: _e, ...key } = item;
  // Keys written before automatic rotation existed have none of its fields.
  return { autoRotateDays: null, nextRotationAt: null, rotationNoticeSentAt: null, pendingValue: null, ...key } as unknown as ApiKey;
}

/** The key's entry on the rotation schedule's work list: put while it has a next step, deleted otherwise. */
function rotationItem(tenantId: string, key: ApiKey): TransactItem {
  const schedule = rotationScheduleOf(key);
  if (!schedule) return { Delete: { TableName: controlTableName, Key: rotationKey(tenantId, key.id) } };
  return {
    Put: {
      TableName: controlTableName,
      Item: {
        ...rotationKey(tenantId, key.id),
        entity: 'api-key-rotation',
        tenantId,
        keyId: key.id,
        ...schedule,
        GSI1PK: ROTATIONS,
        GSI1SK: `${schedule.at}#${tenantId}#${key.id}`,
      },
    },
  };
}

function keyItem(tenantId: string, key: ApiKey): Record<string, unknown> {
  return { ...apiKeyKey(tenantId, key.id), entity: 'api-key', GSI1PK: tenantKey(tenantId, 'APIKEYS'), GSI1SK: key.id, ...key };
}

/** The policy item of one gateway key, on the schedule's work list when it has a deadline. */
function policyItem(gatewayKeyId: string, policy: ApiKeyPolicy): Record<string, unknown> {
  const deadline = deadlineOf(policy);
  return {
    ...keyPolicyKey(gatewayKeyId),
    entity: 'api-key-policy',
    gatewayKeyId,
    ...policy,
    ...(deadline ? { GSI1PK: DEADLINES, GSI1SK: `${deadline}#${gatewayKeyId}` } : {}),
  };
}

const putPolicies = (tenantId: string, key: ApiKey, gatewayKeyIds: readonly string[]): TransactItem[] =>
  gatewayKeyIds.map((id) => ({ Put: { TableName: controlTableName, Item: policyItem(id, policyOf(tenantId, key, id)) } }));

async function transact(items: TransactItem[], onFirstFailed: (item: Record<string, unknown> | undefined) => Error): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    throw onFirstFailed(failed.get(0));
  }
}

const changedMeanwhile = (id: string) => (old: Record<string, unknown> | undefined) =>
  old ? new VersionConflict('The API key changed while it was being written; read it again') : new NotFound('API key', id);

/** Writes a new key and the policy of its gateway key together. */
export async function createApiKey(tenantId: string, key: ApiKey): Promise<void> {
  await transact(
    [
      { Put: { TableName: controlTableName, Item: keyItem(tenantId, key), ConditionExpression: 'attribute_not_exists(PK)' } },
      ...putPolicies(tenantId, key, [key.gatewayKeyId]),
      rotationItem(tenantId, key),
    ],
    () => new Error(`API key ${key.id} already exists`),
  );
}

export async function getApiKey(tenantId: string, id: string): Promise<ApiKey | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: controlTableName, Key: apiKeyKey(tenantId, id) }));
  return out.Item ? toApiKey(out.Item) : undefined;
}

export async function listApiKeys(tenantId: string, query: { limit: number; cursor?: string }): Promise<{ items: ApiKey[]; nextCursor: string | null }> {
  const partition = { attribute: 'GSI1PK', value: tenantKey(tenantId, 'APIKEYS') };
  return readPage(
    {
      input: { TableName: controlTableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': partition.value } },
      partition,
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    },
    toApiKey,
  );
}

/**
 * Replaces a key read at `readVersion` and rewrites the policies of its gateway keys
 * (`policiesOf`, default all of them); `dropPolicies` deletes the policies of gateway
 * keys the key no longer has.
 */
export async function saveApiKey(
  tenantId: string,
  key: ApiKey,
  readVersion: number,
  options: { policiesOf?: readonly string[]; dropPolicies?: readonly string[] } = {},
): Promise<void> {
  await transact(
    [
      {
        Put: {
          TableName: controlTableName,
          Item: keyItem(tenantId, key),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': readVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...putPolicies(tenantId, key, options.policiesOf ?? [key.gatewayKeyId, ...key.retiringKeys.map((r) => r.gatewayKeyId)]),
      rotationItem(tenantId, key),
      ...(options.dropPolicies ?? []).map((id): TransactItem => ({ Delete: { TableName: controlTableName, Key: keyPolicyKey(id) } })),
    ],
    changedMeanwhile(key.id),
  );
}

/** Deletes a key read at `readVersion` and the policies of all its gateway keys. */
export async function deleteApiKey(tenantId: string, key: ApiKey, readVersion: number): Promise<void> {
  await transact(
    [
      {
        Delete: {
          TableName: controlTableName,
          Key: apiKeyKey(tenantId, key.id),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': readVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...[key.gatewayKeyId, ...key.retiringKeys.map((r) => r.gatewayKeyId)].map((id): TransactItem => ({ Delete: { TableName: controlTableName, Key: keyPolicyKey(id) } })),
      { Delete: { TableName: controlTableName, Key: rotationKey(tenantId, key.id) } },
    ],
    changedMeanwhile(key.id),
  );
}

/** A key on the rotation schedule's work list whose next step is due. */
export interface DueRotation {
  readonly tenantId: string;
  readonly keyId: string;
}

/**
 * The items of a work list of the control table (GSI1, sort key `<due ISO time>#<id>`) due at
 * or before `now`, oldest first. `~` sorts after every id character, so items due at exactly
 * `now` are included.
 */
async function dueOn(workList: string, now: Date, limit: number): Promise<Record<string, unknown>[]> {
  const out = await documentClient.send(
    new QueryCommand({
      TableName: controlTableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
      ExpressionAttributeValues: { ':pk': workList, ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return out.Items ?? [];
}

/** Keys whose next automatic rotation step (notify before, rotate, notify after) is at or before `now`, oldest first. */
export async function dueRotations(now: Date, limit = 100): Promise<DueRotation[]> {
  return (await dueOn(ROTATIONS, now, limit)).map((item) => ({ tenantId: String(item.tenantId), keyId: String(item.keyId) }));
}

/** A policy on the schedule's work list. */
export interface DuePolicy {
  readonly gatewayKeyId: string;
  readonly policy: ApiKeyPolicy;
  readonly expiryEnforced: boolean;
}

/** Policies whose deadline (end of grace, expiry) is at or before `now`, oldest first. */
export async function duePolicies(now: Date, limit = 100): Promise<DuePolicy[]> {
  return (await dueOn(DEADLINES, now, limit)).map((item) => {
    const { keyId, tenantId, name, planId, ipAllowList, expiresAt, status, graceUntil } = item as ApiKeyPolicy & Record<string, unknown>;
    return {
      gatewayKeyId: String(item.gatewayKeyId),
      policy: { keyId, tenantId, name, planId, ipAllowList, expiresAt, status, graceUntil: graceUntil ?? null },
      expiryEnforced: item.expiryEnforced === true,
    };
  });
}

/**
 * After the gateway key was disabled for its expiry: the policy leaves the work list
 * (or waits there for the end of its grace period). Conditioned on the expiry seen,
 * so a new expiry set meanwhile by an admin is not lost.
 */
export async function markExpiryEnforced(due: DuePolicy): Promise<void> {
  const next = deadlineOf(due.policy, true);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: controlTableName,
        Key: keyPolicyKey(due.gatewayKeyId),
        UpdateExpression: next ? 'SET expiryEnforced = :true, GSI1SK = :next' : 'SET expiryEnforced = :true REMOVE GSI1PK, GSI1SK',
        ConditionExpression: 'expiresAt = :seen',
        ExpressionAttributeValues: { ':true': true, ':seen': due.policy.expiresAt, ...(next ? { ':next': `${next}#${due.gatewayKeyId}` } : {}) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * After a retired gateway key was deleted: its policy goes, and the key no longer
 * lists it (a new version, so ETags change). Nothing to do for a key deleted meanwhile.
 */
export async function forgetRetiredKey(due: DuePolicy): Promise<void> {
  const { tenantId, keyId } = due.policy;
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = await getApiKey(tenantId, keyId);
    const listed = key?.retiringKeys.some((r) => r.gatewayKeyId === due.gatewayKeyId) ?? false;
    const dropPolicy: TransactItem = { Delete: { TableName: controlTableName, Key: keyPolicyKey(due.gatewayKeyId) } };
    if (!key || !listed) {
      await documentClient.send(new TransactWriteCommand({ TransactItems: [dropPolicy] }));
      return;
    }
    const updated: ApiKey = {
      ...key,
      version: key.version + 1,
      updatedAt: new Date().toISOString(),
      retiringKeys: key.retiringKeys.filter((r) => r.gatewayKeyId !== due.gatewayKeyId),
    };
    try {
      await saveApiKey(tenantId, updated, key.version, { policiesOf: [], dropPolicies: [due.gatewayKeyId] });
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      // Changed meanwhile by an admin: read it again.
    }
  }
  throw new Error(`API key ${keyId} kept changing while its retired gateway key ${due.gatewayKeyId} was forgotten`);
}
