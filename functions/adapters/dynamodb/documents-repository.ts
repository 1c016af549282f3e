/**
 * Documents in the application table. Keys (all under the tenant):
 *   item        PK = T#t#DOC#<id>                       SK = DOC
 *   by parent   GSI1PK = T#t#PARENT#<type>#<id>#DOCS    GSI1SK = <id>
 * The verification that makes a document available writes the `document.available`
 * outbox event in the same transaction.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Document, DocumentParentType } from '#domain/documents';
import { documentClient, tenantKey } from './client';
import { entityRepository, type TransactItem } from './entity-repository';
import { failedConditions } from './items';
import { outboxPut, type OutboxEvent } from './outbox';
import type { Keep, Page } from './query-page';

export const documentKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'DOC', id), SK: 'DOC' });

interface Parent {
  readonly type: DocumentParentType;
  readonly id: string;
}

const documents = entityRepository<Document>()({
  entity: 'document',
  key: documentKey,
  indexes: {
    byParent: { name: 'GSI1', partition: (t: string, p: Parent) => tenantKey(t, 'PARENT', p.type, p.id, 'DOCS'), entry: (d) => ({ in: { type: d.parentType, id: d.parentId }, sort: d.id }) },
  },
  consistentReads: true,
});

export const createDocument = documents.create;

export const getDocument = (tenantId: string, id: string): Promise<Document | undefined> => documents.get(tenantId, id);

export async function listDocumentsOf(
  tenantId: string,
  parentType: DocumentParentType,
  parentId: string,
  page: { limit: number; cursor?: string },
  keep?: Keep<Document>,
): Promise<Page<Document>> {
  return documents.list(tenantId, 'byParent', { type: parentType, id: parentId }, page, keep);
}

/** The Put of a document at the version it was read, for a transaction. */
export const documentVersionPut = (tenantId: string, doc: Document, readVersion: number): TransactItem => documents.transact.putVersion(tenantId, doc, readVersion);

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

/** Deletes a document if it is still at the version read (NotFound when it is gone). */
export const deleteDocument = documents.deleteVersion;
