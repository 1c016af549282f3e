/**
 * The audit table. Keys (all under the tenant):
 *   record         PK = T#t#AUDIT#<id>                 SK = AUDIT
 *   timeline       GSI1PK = T#t#AUDIT                  GSI1SK = <at>#<id>
 *   by principal   GSI2PK = T#t#AUDIT#P#<principal>    GSI2SK = <at>#<id>
 *   by resource    GSI3PK = T#t#AUDIT#R#<type>#<id>    GSI3SK = <at>#<id>
 *   to truncate    GSI4PK = AUDIT_REDACT#<day due>     GSI4SK = <at>#<id>   (sparse; removed once done)
 * Route functions may only PutItem here (IAM); only the reader queries and only the
 * redaction worker updates.
 */
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ADDRESS_RETENTION_DAYS, AUDIT_RETENTION_DAYS, truncateAddress, type AuditRecord } from '#domain/audit';
import { readEnv } from '#platform/config';
import { documentClient } from './document-client';
import { readPage } from './query-page';

const auditTableName = readEnv({ AUDIT_TABLE_NAME: z.string().min(1) }).AUDIT_TABLE_NAME;
const DAY_MS = 86_400_000;
const t = (tenantId: string, ...parts: string[]) => ['T', tenantId, 'AUDIT', ...parts].join('#');

export async function appendAuditRecord(record: AuditRecord): Promise<void> {
  const at = Date.parse(record.at);
  const sort = `${record.at}#${record.id}`;
  const redactDay = new Date(at + ADDRESS_RETENTION_DAYS * DAY_MS).toISOString().slice(0, 10);
  await documentClient.send(
    new PutCommand({
      TableName: auditTableName,
      Item: {
        PK: t(record.tenantId, record.id),
        SK: 'AUDIT',
        GSI1PK: t(record.tenantId),
        GSI1SK: sort,
        GSI2PK: t(record.tenantId, 'P', record.principal.id),
        GSI2SK: sort,
        ...(record.resourceId ? { GSI3PK: t(record.tenantId, 'R', record.resourceType, record.resourceId), GSI3SK: sort } : {}),
        ...(record.clientAddress ? { GSI4PK: `AUDIT_REDACT#${redactDay}`, GSI4SK: sort } : {}),
        ...record,
        expiresAt: Math.floor(at / 1000) + AUDIT_RETENTION_DAYS * 86_400,
      },
      // Append-only: a record is never overwritten.
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export interface AuditQuery {
  readonly principal?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly action?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

const KEYS = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK', 'expiresAt']);
const toRecord = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !KEYS.has(k))) as unknown as AuditRecord;

/** Newest first, on the most selective index the filters allow. */
export async function queryAuditRecords(tenantId: string, q: AuditQuery): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const [index, pk] =
    q.resourceType && q.resourceId
      ? ['GSI3', t(tenantId, 'R', q.resourceType, q.resourceId)]
      : q.principal
        ? ['GSI2', t(tenantId, 'P', q.principal)]
        : ['GSI1', t(tenantId)];
  const pkAttr = `${index}PK`;
  const skAttr = `${index}SK`;
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': pk, ':from': q.from ?? '0000', ':to': `${q.to ?? '9999'}~` };
  const names: Record<string, string> = { '#pk': pkAttr, '#sk': skAttr };
  if (q.action) {
    filters.push('#action = :action');
    names['#action'] = 'action';
    values[':action'] = q.action;
  }
  if (q.resourceType && !q.resourceId) {
    filters.push('resourceType = :type');
    values[':type'] = q.resourceType;
  }
  if (q.principal && index !== 'GSI2') {
    filters.push('principal.id = :principal');
    values[':principal'] = q.principal;
  }
  return readPage(
    {
      input: {
        TableName: auditTableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        FilterExpression: filters.length ? filters.join(' AND ') : undefined,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      partition: { attribute: pkAttr, value: pk },
      limit: q.limit,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    },
    toRecord,
  );
}

/**
 * Truncates the client address of every record that fell due on or before `day`
 * (the 30 days are up) and takes it off the to-do index. Returns how many.
 */
export async function truncateDueAddresses(day: string): Promise<number> {
  let done = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({ TableName: auditTableName, IndexName: 'GSI4', KeyConditionExpression: 'GSI4PK = :pk', ExpressionAttributeValues: { ':pk': `AUDIT_REDACT#${day}` }, ExclusiveStartKey: startKey }),
    );
    for (const item of out.Items ?? []) {
      await documentClient.send(
        new UpdateCommand({
          TableName: auditTableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET clientAddress = :short REMOVE GSI4PK, GSI4SK',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':short': truncateAddress(String(item.clientAddress ?? '')) },
        }),
      );
      done++;
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return done;
}
