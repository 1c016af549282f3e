/** Helpers shared by repositories to turn items into domain objects and to read transaction failures. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'expiresAt', 'entity']);

/** The item without its key and bookkeeping attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}

/**
 * Which operations of a cancelled transaction failed their condition, with the
 * item each saw (when ReturnValuesOnConditionCheckFailure was ALL_OLD).
 * Rethrows anything that is not a condition failure.
 */
export function failedConditions(error: unknown): Map<number, Record<string, unknown> | undefined> {
  if (!(error instanceof TransactionCanceledException)) throw error;
  const failed = new Map<number, Record<string, unknown> | undefined>();
  (error.CancellationReasons ?? []).forEach((reason, index) => {
    if (reason.Code === 'ConditionalCheckFailed') failed.set(index, reason.Item ? unmarshall(reason.Item) : undefined);
  });
  if (failed.size === 0) throw error;
  return failed;
}
