/**
 * Connectors and their sync log in the application table. Keys:
 *   connector   PK = T#t#CONNECTOR#<id>          SK = CONNECTOR
 *   all         GSI1PK = T#t#CONNECTORS          GSI1SK = <id>
 *   directory   GSI2PK = CONNECTOR_DIRECTORY     GSI2SK = <tenant>#<id>   (the hourly schedule reads every tenant's)
 *   run         PK = T#t#CONNECTOR#<id>#RUNS     SK = <runId>             (ULID: newest first by reversing)
 * A connector item holds its credentials (and OAuth tokens) as ONE sealed value (`sealed`),
 * never returned by the view. Runs expire 90 days after they started.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Connector, ConnectorRun } from '#domain/connectors';
import { tableName, tenantKey } from './client';
import { documentClient } from './document-client';
import { entityRepository, listPartition, partitionPages, tenantListIndex } from './entity-repository';
import { withoutKeys } from './items';
import type { Page } from './query-page';

const RUN_RETENTION_SECONDS = 90 * 86_400;
const DIRECTORY = 'CONNECTOR_DIRECTORY';

export interface StoredConnector {
  readonly connector: Connector;
  /** Credentials and tokens sealed together (`sealSecret`), or null when none are stored. */
  readonly sealed: string | null;
}

const connectorKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'CONNECTOR', id), SK: 'CONNECTOR' });
const runsPartition = (tenantId: string, connectorId: string) => tenantKey(tenantId, 'CONNECTOR', connectorId, 'RUNS');

const connectors = entityRepository<StoredConnector>()({
  entity: 'connector',
  key: connectorKey,
  idOf: (stored) => stored.connector.id,
  indexes: {
    all: { ...tenantListIndex<Connector>('GSI1', 'CONNECTORS'), entry: (stored: StoredConnector) => ({ in: undefined, sort: stored.connector.id }) },
    directory: { name: 'GSI2', partition: () => DIRECTORY, entry: (stored: StoredConnector, tenantId: string) => ({ in: undefined, sort: `${tenantId}#${stored.connector.id}` }) },
  },
  attributes: (stored, tenantId) => ({ ...stored.connector, sealed: stored.sealed, tenantId }),
  fromItem: (item) => {
    const { sealed, tenantId: _tenant, ...connector } = withoutKeys<Connector & { sealed?: string | null; tenantId?: string }>(item);
    return { connector, sealed: sealed ?? null };
  },
  consistentReads: true,
});

export const createConnector = connectors.create;
export const getConnector = (tenantId: string, id: string): Promise<StoredConnector | undefined> => connectors.get(tenantId, id);
/** Writes a new version; VersionConflict when it changed since `readVersion`. */
export const saveConnector = connectors.putVersion;
/** As saveConnector, false instead of the VersionConflict (a run's bookkeeping yields to an admin's edit). */
export const saveConnectorIfVersion = connectors.putIfVersion;
export const deleteConnector = connectors.deleteVersion;

export async function listConnectors(tenantId: string, q: { limit: number; cursor?: string }): Promise<Page<Connector>> {
  const page = await connectors.list(tenantId, 'all', undefined, q);
  return { items: page.items.map((s) => s.connector), nextCursor: page.nextCursor };
}

/** Every enabled connector of a tenant (the event dispatcher). */
export async function enabledConnectors(tenantId: string): Promise<Connector[]> {
  return (await connectors.all(tenantId, 'all', undefined, { where: { equals: { enabled: true } } })).map((s) => s.connector);
}

/** Every enabled connector of every tenant, page by page (the hourly schedule). */
export async function* connectorDirectory(): AsyncGenerator<{ tenantId: string; connector: Connector }[]> {
  for await (const page of partitionPages({ index: 'GSI2', value: DIRECTORY }, { where: { equals: { enabled: true } } })) {
    yield page.map((item) => ({ tenantId: item.tenantId as string, connector: connectors.fromItem(item).connector }));
  }
}

/** Writes a run (started, then completed: the same key). */
export async function putRun(tenantId: string, run: ConnectorRun): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { PK: runsPartition(tenantId, run.connectorId), SK: run.id, entity: 'connector-run', ...run, expiresAt: Math.floor(Date.parse(run.started) / 1000) + RUN_RETENTION_SECONDS },
    }),
  );
}

/** A page of a connector's runs, newest first. */
export function listRuns(tenantId: string, connectorId: string, q: { limit: number; cursor?: string }): Promise<Page<ConnectorRun>> {
  return listPartition({ index: 'table', value: runsPartition(tenantId, connectorId) }, { ...q, newestFirst: true }, (item) => {
    const { expiresAt: _expires, ...run } = withoutKeys<ConnectorRun & { expiresAt?: number }>(item);
    return run;
  });
}
