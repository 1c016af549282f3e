/**
 * Documents in the application table. Keys (all under the tenant):
 *   item        PK = T#t#DOC#<id>                       SK = DOC
 *   by parent   GSI1PK = T#t#PARENT#<type>#<id>#DOCS    GSI1SK = <id>
 * The verification that makes a document available writes the `document.available`
 * outbox event in the same transaction.
 */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Document, DocumentParentType } from '#domain/documents';
import { VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { outboxPut, type OutboxEvent } from './outbox';
import { queryPage, type Keep, type Page } from './query-page';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const documentKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'DOC', id), SK: 'DOC' });
const parentPartition = (tenantId: string, type: DocumentParentType, id: string) => tenantKey(tenantId, 'PARENT', type, id, 'DOCS');

function documentItem(tenantId: string, doc: Document): Record<string, unknown> {
  return { ...documentKey(tenantId, doc.id), entity: 'document', GSI1PK: parentPartition(tenantId, doc.parentType, doc.parentId), GSI1SK: doc.id, ...doc };
}

export async function createDocument(tenantId: string, doc: Document): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: documentItem(tenantId, doc), ConditionExpression: 'attribute_not_exists(PK)' }));
}

export async function getDocument(tenantId: string, id: string): Promise<Document | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: documentKey(tenantId, id), ConsistentRead: true }));
  return out.Item ? withoutKeys<Document>(out.Item) : undefined;
}

export async function listDocumentsOf(
  tenantId: string,
  parentType: DocumentParentType,
  parentId: string,
  page: { limit: number; cursor?: string },
  keep?: Keep<Document>,
): Promise<Page<Document>> {
  return queryPage(
    { tableName, index: 'GSI1', partitionAttribute: 'GSI1PK', partitionValue: parentPartition(tenantId, parentType, parentId), limit: page.limit, cursor: page.cursor },
    (item) => withoutKeys<Document>(item),
    keep,
  );
}

/** The Put of a document at the version it was read, for a transaction. */
export function documentVersionPut(tenantId: string, doc: Document, readVersion: number): TransactItem {
  return {
    Put: { TableName: tableName, Item: documentItem(tenantId, doc), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } },
  };
}

/**
 * Saves the verdict of a pending document (with its outbox event when it became
 * available). False when the document changed meanwhile (another delivery decided first).
 */
export async function saveVerdict(tenantId: string, doc: Document, readVersion: number, event: OutboxEvent | undefined): Promise<boolean> {
  try {
    await documentClient.send(
      new TransactWriteCommand({ TransactItems: [documentVersionPut(tenantId, doc, readVersion), ...(event ? [outboxPut(tenantId, event)] : [])] }),
    );
    return true;
  } catch (error) {
    failedConditions(error);
    return false;
  }
}

/** Deletes a document if it is still at the version read. */
export async function deleteDocument(tenantId: string, id: string, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: documentKey(tenantId, id), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The document changed while it was being deleted; read it again');
    throw error;
  }
}
