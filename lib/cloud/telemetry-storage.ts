/**
 * Where telemetry readings live in the cloud, by the `telemetryStore` context value:
 * - `timestream` (default): a Timestream for LiveAnalytics database and table, magnetic
 *   store writes enabled so late readings (a device back online after days) are kept;
 * - `dynamodb`: the telemetry table of `lib/model/telemetry-table.ts` (on-demand, PITR,
 *   TTL on raw points and minute rollups), for accounts that cannot create Timestream
 *   databases (closed to new customers since 2025-06-20).
 * `grant` sets a function's telemetry environment and its least-privilege IAM together.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-timestream';
import { Construct } from 'constructs';
import { TELEMETRY_TABLE_ENV, TELEMETRY_TABLE_KEYS } from '#lib/model/telemetry-table';
import type { HydrantFunction } from './hydrant-function';

/** Where the telemetry readings are stored (see ARCHITECTURE.md). */
export type TelemetryStoreKind = 'timestream' | 'dynamodb';

/** What a function does with telemetry: `read` queries, `write` stores. */
export type TelemetryAccess = 'read' | 'write' | 'readWrite';

/** Props of {@link TelemetryStorage}. */
export interface TelemetryStorageProps {
  readonly kind: TelemetryStoreKind;
  /** Names the Timestream database (`hydrant_<stage>`). */
  readonly stage: string;
  /** RETAIN and deletion protection instead of DESTROY. */
  readonly retain: boolean;
  /**
   * Days raw readings are kept: Timestream's magnetic store retention; in DynamoDB the TTL
   * the store sets (`TELEMETRY_RAW_RETENTION_DAYS`).
   * @default 400
   */
  readonly rawRetentionDays?: number;
  /**
   * Hours readings stay in Timestream's memory store (fast writes and queries).
   * @default 24
   */
  readonly memoryStoreHours?: number;
}

/**
 * The item actions each access needs of the DynamoDB telemetry table, exactly what the
 * adapter calls: writes are TransactWriteItems of Puts (granted as PutItem), rollups read
 * with BatchGetItem, the latest item moved with UpdateItem; reads Query points and
 * rollups and BatchGet latest items. No Scan, no Delete (TTL expires points).
 */
export const TELEMETRY_TABLE_ACTIONS: Record<'read' | 'write', readonly string[]> = {
  read: ['dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
};

/** Timestream: data-plane actions on the table; endpoint discovery has no resource. */
export const TIMESTREAM_TABLE_ACTIONS: Record<'read' | 'write', readonly string[]> = {
  read: ['timestream:Select'],
  write: ['timestream:WriteRecords'],
};

const actionsOf = (access: TelemetryAccess, table: Record<'read' | 'write', readonly string[]>): string[] =>
  [...new Set(access === 'readWrite' ? [...table.read, ...table.write] : [...table[access]])].sort();

export class TelemetryStorage extends Construct {
  readonly kind: TelemetryStoreKind;
  /** The telemetry table (`dynamodb` only). */
  readonly table?: Table;
  /** The Timestream database and table (`timestream` only). */
  readonly database?: CfnDatabase;
  readonly timestreamTable?: CfnTable;
  /** The key the Timestream database is encrypted with (`timestream` only). */
  readonly key?: Key;
  readonly rawRetentionDays: number;

  constructor(scope: Construct, id: string, props: TelemetryStorageProps) {
    super(scope, id);
    this.kind = props.kind;
    this.rawRetentionDays = props.rawRetentionDays ?? 400;
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    if (props.kind === 'dynamodb') {
      this.table = new Table(this, 'Table', {
        partitionKey: { name: TELEMETRY_TABLE_KEYS.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: TELEMETRY_TABLE_KEYS.sortKey.name, type: AttributeType.NUMBER },
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.AWS_MANAGED,
        timeToLiveAttribute: TELEMETRY_TABLE_KEYS.timeToLiveAttribute,
        deletionProtection: props.retain,
        removalPolicy,
      });
      return;
    }
    // A customer managed key, like the documents bucket's: its use is logged and revocable.
    this.key = new Key(this, 'Key', {
      description: `Hydrant ${props.stage}: Timestream telemetry encryption`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.database = new CfnDatabase(this, 'Database', { databaseName: `hydrant_${props.stage}`, kmsKeyId: this.key.keyArn });
    this.database.applyRemovalPolicy(removalPolicy);
    this.timestreamTable = new CfnTable(this, 'Table', {
      databaseName: this.database.ref,
      tableName: 'readings',
      retentionProperties: {
        MemoryStoreRetentionPeriodInHours: String(props.memoryStoreHours ?? 24),
        MagneticStoreRetentionPeriodInDays: String(this.rawRetentionDays),
      },
      // Readings older than the memory store window (late devices, backfills) go to the magnetic store.
      magneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
    });
    this.timestreamTable.addDependency(this.database);
    this.timestreamTable.applyRemovalPolicy(removalPolicy);
  }

  /**
   * Sets `TELEMETRY_STORE` and the store's configuration on a function and grants exactly
   * what `access` needs on the telemetry table, nothing on any other.
   */
  grant(fn: HydrantFunction, access: TelemetryAccess): void {
    fn.function.addEnvironment('TELEMETRY_STORE', this.kind);
    if (this.table) {
      fn.function.addEnvironment(TELEMETRY_TABLE_ENV, this.table.tableName);
      fn.function.addEnvironment('TELEMETRY_RAW_RETENTION_DAYS', String(this.rawRetentionDays));
      fn.role.addToPolicy(new PolicyStatement({ actions: actionsOf(access, TELEMETRY_TABLE_ACTIONS), resources: [this.table.tableArn] }));
      return;
    }
    const database = this.database as CfnDatabase;
    const table = this.timestreamTable as CfnTable;
    fn.function.addEnvironment('TIMESTREAM_DATABASE', database.ref);
    fn.function.addEnvironment('TIMESTREAM_TABLE', table.attrName);
    fn.role.addToPolicy(new PolicyStatement({ actions: actionsOf(access, TIMESTREAM_TABLE_ACTIONS), resources: [table.attrArn] }));
    fn.role.addToPolicy(new PolicyStatement({ actions: ['timestream:DescribeEndpoints'], resources: ['*'] }));
    // The function already acknowledges Resource::* for X-Ray; this records why Timestream needs it too.
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `timestream:DescribeEndpoints (endpoint discovery, required by the Timestream SDK before ${access === 'read' ? 'Query' : 'WriteRecords'}) has no resource-level permissions: IAM requires "*". The data actions are granted on the readings table only.`,
    });
  }
}
