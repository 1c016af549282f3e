/**
 * The telemetry table's key schema (DynamoDB telemetry store), shared by the CDK stack,
 * the local stack and the tests so all create exactly the same table. It is a table of
 * its own, apart from the application table: its write volume, TTL churn and access
 * patterns have nothing in common with the business items.
 *
 * Items (every partition key starts with `T#<tenantId>#S#<sensorId>#`):
 *   raw point       PK = T#t#S#id#<YYYY-MM-DD>     SK = ts (epoch ms)        TTL expiresAt
 *   minute rollup   PK = T#t#S#id#M#<YYYY-MM-DD>   SK = minute start (ms)    TTL expiresAt
 *   15-min rollup   PK = T#t#S#id#Q#<YYYY-MM>      SK = quarter start (ms)
 *   hour rollup     PK = T#t#S#id#H#<YYYY-MM>      SK = hour start (ms)
 *   day rollup      PK = T#t#S#id#D#<YYYY>         SK = day start (ms)
 *   latest reading  PK = T#t#S#id#LATEST           SK = 0
 *   rollup journal  PK = T#t#S#id#J                SK = random id; a batch's rollup deltas,
 *                                                  deleted in the transaction that applies them
 * (dates in UTC). No secondary index; no Scan.
 */
export const TELEMETRY_TABLE_KEYS = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'N' },
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Environment variable of the functions that use the DynamoDB telemetry store. */
export const TELEMETRY_TABLE_ENV = 'TELEMETRY_TABLE_NAME';

/**
 * The CreateTable input for the local stack and the tests (a plain object, structurally an
 * `@aws-sdk/client-dynamodb` `CreateTableCommandInput`). On-demand, like the CDK table.
 */
export function telemetryTableCreateInput(tableName: string) {
  const { partitionKey, sortKey } = TELEMETRY_TABLE_KEYS;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
      { AttributeName: sortKey.name, AttributeType: sortKey.type },
    ],
    KeySchema: [
      { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: sortKey.name, KeyType: 'RANGE' as const },
    ],
  };
}
