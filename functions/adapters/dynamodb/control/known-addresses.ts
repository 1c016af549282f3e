/**
 * Client addresses an account signed in from, in the control table, so the per-account
 * failed-sign-in cap never locks the owner out of an address they use:
 *   PK = KNOWN#<account>   SK = <address>   expiresAt = last sign-in + the remembered days
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

const key = (account: string, address: string) => ({ PK: `KNOWN#${account}`, SK: address });

/** Remembers (or refreshes) an address the account signed in from, for `days`. */
export async function rememberAddress(account: string, address: string, days: number, now: number): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: controlTableName, Item: { ...key(account, address), expiresAt: Math.ceil(now / 1000) + days * 86_400 } }),
  );
}

/** Whether the account signed in from this address within the remembered days. */
export async function isKnownAddress(account: string, address: string, now: number): Promise<boolean> {
  const out = await documentClient.send(new GetCommand({ TableName: controlTableName, Key: key(account, address) }));
  // TTL deletion lags by up to days: an expired item is not a known address.
  return Number(out.Item?.expiresAt ?? 0) * 1000 > now;
}
