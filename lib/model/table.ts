/**
 * The application table's key schema, shared by the CDK stack and the local stack
 * so both create exactly the same table. Keys are overloaded (single-table design);
 * every partition key starts with `T#<tenantId>#`, so no query can cross tenants.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

export type IndexName = (typeof TABLE_KEYS.globalIndexes)[number]['indexName'];
