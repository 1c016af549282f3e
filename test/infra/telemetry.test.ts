/**
 * The telemetry store in the cloud, in both modes of the `telemetryStore` context value:
 * the resources of each, and the environment and least-privilege grants of the functions
 * that declare `telemetry` access (and of no other).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TELEMETRY_TABLE_ACTIONS, TIMESTREAM_TABLE_ACTIONS } from '#lib/cloud/telemetry-storage';
import { appModel } from '#lib/model/index';
import { actionsOf, declaredFunctions, logicalId, resourcesOf, resourcesOfStatement, roleStatements, synthHydrant, type Synthesised } from './synth';

const envOf = (synth: Synthesised, fn: { function: never }) =>
  resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables as Record<string, unknown>;

/** Statements of a role that mention a resource, rendered. */
function grantsOn(synth: Synthesised, role: never, resource: string): string[] {
  const out: string[] = [];
  for (const s of roleStatements(synth.template, logicalId(synth.stack, role))) {
    if (s.Effect === 'Allow' && resourcesOfStatement(s).includes(resource)) out.push(...actionsOf([s]));
  }
  return [...new Set(out)].sort();
}

const telemetryFunctions = (synth: Synthesised) => declaredFunctions(synth, appModel).filter((f) => f.access.telemetry);
const expected = (access: 'read' | 'write' | 'readWrite', table: Record<'read' | 'write', readonly string[]>) =>
  [...new Set(access === 'readWrite' ? [...table.read, ...table.write] : table[access])].sort();

describe('telemetryStore=dynamodb', () => {
  let synth: Synthesised;
  let tableId: string;
  beforeAll(() => {
    synth = synthHydrant({ context: { telemetryStore: 'dynamodb' } });
    tableId = logicalId(synth.stack, synth.stack.stateful.telemetry.table!);
  });

  it('creates the telemetry table from the model: PK string, SK number, on demand, PITR, encrypted, TTL', () => {
    const table = resourcesOf(synth.template, 'AWS::DynamoDB::Table')[tableId]!.Properties!;
    expect(table.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(table.AttributeDefinitions).toEqual([
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'N' },
    ]);
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table.GlobalSecondaryIndexes).toBeUndefined();
    expect(resourcesOf(synth.template, 'AWS::Timestream::Database')).toEqual({});
  });

  it('gives each telemetry function the store, the table name and exactly its actions on that table', () => {
    const fns = telemetryFunctions(synth);
    expect(fns.map((f) => f.what)).toEqual(expect.arrayContaining(['ingestTelemetry', 'getSensorReadings', 'getSensorLatest', 'getSiteLatest']));
    for (const f of fns) {
      const env = envOf(synth, f.fn as never);
      expect(env.TELEMETRY_STORE, f.what).toBe('dynamodb');
      expect(env.TELEMETRY_TABLE_NAME, f.what).toEqual({ Ref: tableId });
      expect(env.TIMESTREAM_DATABASE, f.what).toBeUndefined();
      expect(grantsOn(synth, f.fn.role as never, `<${tableId}.Arn>`), f.what).toEqual(expected(f.access.telemetry!, TELEMETRY_TABLE_ACTIONS));
      expect(grantsOn(synth, f.fn.role as never, `<${tableId}.Arn>/index/*`), f.what).toEqual([]);
    }
    const ingest = telemetryFunctions(synth).find((f) => f.what === 'ingestTelemetry')!;
    expect(grantsOn(synth, ingest.fn.role as never, `<${tableId}.Arn>`)).toEqual(['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('gives the device ingest worker (telemetry-ingest queue) write access to the telemetry table', () => {
    const fns = [synth.stack.stateless.consumers.get('telemetry-ingest')!];
    expect(fns[0]!.entry).toMatch(/workers\/ingest-telemetry\.ts$/);
    expect(envOf(synth, fns[0] as never)).toMatchObject({ TELEMETRY_STORE: 'dynamodb', TELEMETRY_TABLE_NAME: { Ref: tableId } });
    expect(grantsOn(synth, fns[0]!.role as never, `<${tableId}.Arn>`)).toEqual([...TELEMETRY_TABLE_ACTIONS.write].sort());
  });

  it('grants nothing on the telemetry table to functions that do not declare telemetry access', () => {
    for (const f of declaredFunctions(synth, appModel).filter((x) => !x.access.telemetry)) {
      const statements = roleStatements(synth.template, logicalId(synth.stack, f.fn.role as never));
      const touching = statements.filter((s) => resourcesOfStatement(s).some((r) => r.startsWith(`<${tableId}`)));
      expect(touching, f.what).toEqual([]);
      expect(envOf(synth, f.fn as never).TELEMETRY_STORE, f.what).toBeUndefined();
    }
  });
});

describe('telemetryStore=timestream (the default)', () => {
  let synth: Synthesised;
  let tableId: string;
  let databaseId: string;
  beforeAll(() => {
    synth = synthHydrant();
    tableId = synth.stack.getLogicalId(synth.stack.stateful.telemetry.timestreamTable!);
    databaseId = synth.stack.getLogicalId(synth.stack.stateful.telemetry.database!);
  });

  it('creates a Timestream database and table with magnetic store writes and retention', () => {
    expect(synth.stack.telemetryStore).toBe('timestream');
    const keyId = synth.stack.getLogicalId(synth.stack.stateful.telemetry.key!.node.defaultChild as never);
    synth.template.hasResourceProperties('AWS::Timestream::Database', { DatabaseName: 'hydrant_dev', KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    synth.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    synth.template.hasResourceProperties('AWS::Timestream::Table', {
      DatabaseName: { Ref: databaseId },
      TableName: 'readings',
      MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: '24', MagneticStoreRetentionPeriodInDays: '400' },
    });
    const tables = Object.values(resourcesOf(synth.template, 'AWS::DynamoDB::Table'));
    expect(tables.some((t) => (t.Properties!.AttributeDefinitions as { AttributeType: string }[]).some((a) => a.AttributeType === 'N'))).toBe(false);
  });

  it('gives each telemetry function the database and table names, its data actions on the table only, and DescribeEndpoints', () => {
    for (const f of telemetryFunctions(synth)) {
      const env = envOf(synth, f.fn as never);
      expect(env, f.what).toMatchObject({ TELEMETRY_STORE: 'timestream', TIMESTREAM_DATABASE: { Ref: databaseId }, TIMESTREAM_TABLE: { 'Fn::GetAtt': [tableId, 'Name'] } });
      expect(env.TELEMETRY_TABLE_NAME, f.what).toBeUndefined();
      expect(grantsOn(synth, f.fn.role as never, `<${tableId}.Arn>`), f.what).toEqual(expected(f.access.telemetry!, TIMESTREAM_TABLE_ACTIONS));
      const statements = roleStatements(synth.template, logicalId(synth.stack, f.fn.role as never));
      const timestreamOnStar = statements.filter((s) => resourcesOfStatement(s).includes('*')).flatMap((s) => actionsOf([s])).filter((a) => a.startsWith('timestream:'));
      expect(timestreamOnStar, f.what).toEqual(['timestream:DescribeEndpoints']);
    }
    const ingest = telemetryFunctions(synth).find((f) => f.what === 'ingestTelemetry')!;
    expect(grantsOn(synth, ingest.fn.role as never, `<${tableId}.Arn>`)).toEqual(['timestream:WriteRecords']);
    const readings = telemetryFunctions(synth).find((f) => f.what === 'getSensorReadings')!;
    expect(grantsOn(synth, readings.fn.role as never, `<${tableId}.Arn>`)).toEqual(['timestream:Select']);
  });

  it('gives the device ingest worker (telemetry-ingest queue) WriteRecords on the table', () => {
    const fns = [synth.stack.stateless.consumers.get('telemetry-ingest')!];
    expect(fns[0]!.entry).toMatch(/workers\/ingest-telemetry\.ts$/);
    expect(envOf(synth, fns[0] as never)).toMatchObject({ TELEMETRY_STORE: 'timestream', TIMESTREAM_DATABASE: { Ref: databaseId } });
    expect(grantsOn(synth, fns[0]!.role as never, `<${tableId}.Arn>`)).toEqual(['timestream:WriteRecords']);
  });

  it('records why DescribeEndpoints needs "*" on each role that has it', () => {
    for (const f of telemetryFunctions(synth)) {
      const metadata = synth.stack.node.findChild('Stateless').node.findAll().find((c) => c === f.fn.role)!.node.metadata;
      const reasons = metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => JSON.stringify(m.data));
      expect(reasons.some((r) => r.includes('AwsSolutions-IAM5[Resource::*]') && r.includes('timestream:DescribeEndpoints')), f.what).toBe(true);
    }
  });

  it('grants no Timestream action to functions that do not declare telemetry access', () => {
    for (const f of declaredFunctions(synth, appModel).filter((x) => !x.access.telemetry)) {
      const actions = actionsOf(roleStatements(synth.template, logicalId(synth.stack, f.fn.role as never)));
      expect(actions.filter((a) => a.startsWith('timestream:')), f.what).toEqual([]);
    }
  });
});
