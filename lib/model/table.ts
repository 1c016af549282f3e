/**
 * The tables' key schemas, shared by the CDK stack and the local stack so both
 * create exactly the same tables. Keys are overloaded (single-table design); every
 * tenant-owned partition key starts with `T#<tenantId>#`, so no query crosses tenants.
 */
export interface TableKeys {
  /** The environment variable that carries the table's name to functions. */
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute: string;
  readonly globalIndexes: readonly { readonly indexName: string; readonly partitionKey: string; readonly sortKey: string }[];
  /** The table's DynamoDB stream, for the model's stream consumers. @default no stream */
  readonly streamViewType?: 'NEW_IMAGE';
}

/** Business data: sites, assets, work orders... */
export const TABLE_KEYS = {
  envVar: 'TABLE_NAME',
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
  // The outbox relay reads the stream (lib/model/index.ts, streamConsumers).
  streamViewType: 'NEW_IMAGE',
} as const satisfies TableKeys;

/**
 * Platform data every HTTP function reads and writes: API key policies, quota and
 * rate-limit counters, idempotency records. Kept apart from business data so a
 * read-only route never gets write access to business items.
 */
export const CONTROL_TABLE_KEYS = {
  envVar: 'CONTROL_TABLE_NAME',
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [{ indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' }],
} as const satisfies TableKeys;

/**
 * The audit trail. HTTP functions may only PutItem here (append-only by IAM); only
 * the audit reader queries it and only the redaction worker updates it.
 */
export const AUDIT_TABLE_KEYS = {
  envVar: 'AUDIT_TABLE_NAME',
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
    // Sparse: records whose client address is still to be truncated, by the day it falls due.
    { indexName: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  ],
} as const satisfies TableKeys;

export const ALL_TABLES = { app: TABLE_KEYS, control: CONTROL_TABLE_KEYS, audit: AUDIT_TABLE_KEYS } as const;
export type TableId = keyof typeof ALL_TABLES;

export type IndexName = (typeof TABLE_KEYS.globalIndexes)[number]['indexName'];
