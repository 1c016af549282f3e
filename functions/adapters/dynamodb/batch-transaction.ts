/**
 * The one DynamoDB transaction of an atomic batch: a unit of work collects the writes
 * its operations make to the application table and the audit log, then they are
 * committed together or not at all.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { readEnv } from '#platform/config';
import { UnitOfWork } from '#platform/unit-of-work';
import { sendDirect } from './document-client';

const env = readEnv({ TABLE_NAME: z.string().min(1), AUDIT_TABLE_NAME: z.string().min(1) });

/** DynamoDB's limit of items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A unit of work that collects the writes to the application and audit tables. */
export const batchUnitOfWork = (): UnitOfWork => new UnitOfWork(new Set([env.TABLE_NAME, env.AUDIT_TABLE_NAME]));

/** Whether the transaction was written; if not, the batch operation whose write was refused. */
export type CommitOutcome = { readonly committed: true } | { readonly committed: false; readonly failedOperation: number };

/** Writes what the unit collected in one transaction; a cancelled transaction (an item changed meanwhile) writes nothing. */
export async function commitUnitOfWork(unit: UnitOfWork): Promise<CommitOutcome> {
  if (unit.items.length === 0) return { committed: true };
  try {
    await sendDirect(new TransactWriteCommand({ TransactItems: unit.items.map((w) => w.item) }));
    return { committed: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const failedItem = (error.CancellationReasons ?? []).findIndex((r) => r.Code && r.Code !== 'None');
    return { committed: false, failedOperation: unit.items[failedItem]?.operation ?? 0 };
  }
}
