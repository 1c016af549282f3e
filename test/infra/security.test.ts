/**
 * Security properties of the synthesised stack: least-privilege grants that follow the
 * app model, no wildcard actions, an append-only audit trail, encryption and TLS
 * everywhere, a DLQ behind every queue, and the data protections of the tables, the
 * bucket and the user pool.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { ALL_TABLES, type TableId } from '#lib/model/table';
import { EXPECTED_TABLE_ACTIONS, expectTableGrantsFollowTheModel, rolesThatMayRewriteTheAuditTrail } from './grants';
import { actionsOf, logicalId, resourcesOf, roleStatements, synthHydrant, tableGrants, type Synthesised } from './synth';

const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

/** Every policy document in the template, with where it comes from. */
function policyDocuments(): { where: string; type: string; statements: Record<string, any>[] }[] {
  const docs: { where: string; type: string; statements: Record<string, any>[] }[] = [];
  const add = (where: string, type: string, doc: { Statement: Record<string, any>[] } | undefined) => {
    if (doc) docs.push({ where, type, statements: doc.Statement });
  };
  const sources: [string, (p: Record<string, any>) => ({ Statement: Record<string, any>[] } | undefined)[]][] = [
    ['AWS::IAM::Policy', (p) => [p.PolicyDocument]],
    ['AWS::IAM::ManagedPolicy', (p) => [p.PolicyDocument]],
    ['AWS::IAM::Role', (p) => (p.Policies ?? []).map((i: { PolicyDocument: never }) => i.PolicyDocument)],
    ['AWS::S3::BucketPolicy', (p) => [p.PolicyDocument]],
    ['AWS::SQS::QueuePolicy', (p) => [p.PolicyDocument]],
    ['AWS::KMS::Key', (p) => [p.KeyPolicy]],
  ];
  for (const [type, extract] of sources) {
    for (const [id, resource] of Object.entries(resourcesOf(synth.template, type))) {
      for (const doc of extract(resource.Properties ?? {})) add(id, type, doc);
    }
  }
  return docs;
}

/** The key policy's delegation of the key to the account's IAM (`kms:*` to the account root), which KMS requires. */
function isKeyPolicyAccountDelegation(type: string, statement: Record<string, any>): boolean {
  return type === 'AWS::KMS::Key' && JSON.stringify(statement.Principal).endsWith(':root"]]}}') && statement.Action === 'kms:*';
}

describe('IAM', () => {
  it('grants no wildcard action anywhere (no "*", no "service:*", no "Prefix*")', () => {
    const offending: string[] = [];
    for (const doc of policyDocuments()) {
      for (const statement of doc.statements) {
        // Deny statements (enforceSSL) may and should cover every action.
        if (statement.Effect !== 'Allow' || isKeyPolicyAccountDelegation(doc.type, statement)) continue;
        for (const action of actionsOf([statement])) if (action.includes('*')) offending.push(`${doc.where}: ${action}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('attaches no AWS managed policy to any role but API Gateway\'s account logging role', () => {
    const roles = resourcesOf(synth.template, 'AWS::IAM::Role');
    const withManaged = Object.entries(roles).filter(([, r]) => (r.Properties!.ManagedPolicyArns ?? []).length > 0);
    expect(withManaged.map(([, r]) => r.Properties!.AssumeRolePolicyDocument.Statement[0].Principal.Service)).toEqual(['apigateway.amazonaws.com']);
  });

  it('gives every function exactly the table access its declaration and the platform add up to, and never Scan', () => {
    expectTableGrantsFollowTheModel(synth, appModel);
    for (const fn of Object.values(resourcesOf(synth.template, 'AWS::IAM::Policy'))) {
      expect(actionsOf(fn.Properties!.PolicyDocument.Statement)).not.toContain('dynamodb:Scan');
    }
  });

  it('gives a read-only route no write on the app table, PutItem only on the audit table and readWrite on the control table', () => {
    const route = appModel.routes.find((r) => r.fn.access.table === 'read' && !r.fn.access.auditLog);
    expect(route, 'the model has a read-only route').toBeDefined();
    const role = logicalId(synth.stack, synth.stack.stateless.routeFunction(route!.operationId).role);
    const on = (tableId: TableId) => tableGrants(synth.template, role, logicalId(synth.stack, synth.stack.stateful.tables[tableId]));
    const app = on('app');
    expect(app.table).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const write of TABLE_WRITES) expect([...app.table, ...app.indexes], `${route!.operationId} is read-only`).not.toContain(write);
    expect(on('audit')).toEqual({ table: ['dynamodb:PutItem'], indexes: [], anywhere: [] });
    expect(on('control').table).toEqual(EXPECTED_TABLE_ACTIONS.readWrite);
  });

  it('keeps the audit trail append-only: no function may update or delete in it but one declared auditLog: redact', () => {
    const redactors = appModel.routes.filter((r) => r.fn.access.auditLog === 'redact').length + appModel.schedules.filter((s) => s.fn.access.auditLog === 'redact').length;
    expect(rolesThatMayRewriteTheAuditTrail(synth, appModel)).toHaveLength(redactors);
  });

  it('gives the public auth routes the pool ids and no Cognito permission at all', () => {
    for (const route of appModel.routes.filter((r) => r.fn.access.userPool === 'public')) {
      const fn = synth.stack.stateless.routeFunction(route.operationId);
      const actions = actionsOf(roleStatements(synth.template, logicalId(synth.stack, fn.role)));
      expect(actions.filter((a) => a.startsWith('cognito-idp:')), route.operationId).toEqual([]);
      const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables;
      expect(env.USER_POOL_ID).toEqual({ Ref: logicalId(synth.stack, synth.stack.stateful.userPool) });
      expect(env.USER_POOL_CLIENT_ID).toEqual({ Ref: logicalId(synth.stack, synth.stack.stateful.userPoolClient) });
    }
  });

  it('gives the user administration routes exactly the Admin* actions they call, on this pool only', () => {
    const used = [
      'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminDeleteUserAttributes',
      'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminUserGlobalSignOut',
    ];
    for (const operationId of ['createUser', 'updateUser', 'eraseUser', 'exportUser']) {
      const fn = synth.stack.stateless.routeFunction(operationId);
      const statements = roleStatements(synth.template, logicalId(synth.stack, fn.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
      const actions = actionsOf(statements);
      expect(actions, operationId).toEqual(expect.arrayContaining(used));
      expect(actions.every((a) => /^cognito-idp:(Admin\w+|ListUsers|ListUsersInGroup)$/.test(a)), operationId).toBe(true);
      expect(statements.map((s) => s.Resource), operationId).toEqual([{ 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.stateful.userPool), 'Arn'] }]);
    }
  });

  it('lets a function write only to its own log group', () => {
    for (const route of appModel.routes) {
      const fn = synth.stack.stateless.routeFunction(route.operationId);
      const logs = roleStatements(synth.template, logicalId(synth.stack, fn.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(synth.stack, fn.logGroup), 'Arn'] }]);
    }
  });

  it('never gives a function the local stack\'s webhook network mode (http://localhost and 127.0.0.1 endpoints)', () => {
    for (const [id, fn] of Object.entries(resourcesOf(synth.template, 'AWS::Lambda::Function'))) {
      expect([id, fn.Properties!.Environment?.Variables?.WEBHOOK_NETWORK_MODE]).toEqual([id, undefined]);
    }
  });

  it('gives every route function the API\'s public URL, built from the API and the stage (links never come from a Host header)', () => {
    const api = logicalId(synth.stack, synth.stack.stateless.api);
    const expected = { 'Fn::Join': ['', ['https://', { Ref: api }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/dev']] };
    for (const route of appModel.routes) {
      const fn = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, synth.stack.stateless.routeFunction(route.operationId).function)]!;
      expect([route.operationId, fn.Properties!.Environment.Variables.API_PUBLIC_URL]).toEqual([route.operationId, expected]);
    }
  });

  it('gives them the custom domain instead when the context names one', () => {
    const custom = synthHydrant({ context: { apiPublicUrl: 'https://api.example.com' } });
    const fn = resourcesOf(custom.template, 'AWS::Lambda::Function')[logicalId(custom.stack, custom.stack.stateless.routeFunction('createScheduleFeed').function)]!;
    expect(fn.Properties!.Environment.Variables.API_PUBLIC_URL).toBe('https://api.example.com');
  });

  it('sets the standard environment on every function', () => {
    // The console's BucketDeployment provider is aws-cdk-lib's, not a Hydrant function (test/infra/console.test.ts).
    const functions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Function')).filter((fn) => !JSON.stringify(fn.Properties!.Role).includes('ConsoleDeploymentRole'));
    for (const fn of functions) {
      expect(fn.Properties!.Environment.Variables).toMatchObject({
        STAGE: 'dev',
        POWERTOOLS_SERVICE_NAME: 'hydrant',
        POWERTOOLS_METRICS_NAMESPACE: 'Hydrant',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // The console's origin, or nothing for the functions no browser calls (auth triggers).
        CORS_ALLOWED_ORIGINS: expect.anything(),
        HYDRANT_VERSION: expect.stringMatching(/^\d+\.\d+\.\d+/),
      });
    }
  });
});

describe('data', () => {
  it('builds every table from its declaration: on-demand, PITR, SSE, TTL and its GSIs', () => {
    const tables = resourcesOf(synth.template, 'AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(Object.keys(ALL_TABLES).length);
    for (const [tableId, keys] of Object.entries(ALL_TABLES) as [TableId, (typeof ALL_TABLES)[TableId]][]) {
      const table = tables[logicalId(synth.stack, synth.stack.stateful.tables[tableId])]!.Properties!;
      expect(table, tableId).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: keys.timeToLiveAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: keys.partitionKey, KeyType: 'HASH' },
          { AttributeName: keys.sortKey, KeyType: 'RANGE' },
        ],
      });
      expect(table.GlobalSecondaryIndexes, tableId).toEqual(
        keys.globalIndexes.map((i) => ({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
    }
    // The application table keeps the logical id it had as the only table: a new one would replace it.
    expect(logicalId(synth.stack, synth.stack.stateful.table)).toMatch(/^StatefulTable[0-9A-F]{8}$/);
    expect(synth.stack.stateful.table).toBe(synth.stack.stateful.tables.app);
  });

  it('encrypts the documents bucket with a rotating KMS key, versions it, blocks public access and logs access', () => {
    const keyId = logicalId(synth.stack, synth.stack.stateful.documentsKey);
    synth.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(synth.stack, synth.stack.stateful.accessLogsBucket) } },
    });
  });

  it('denies every non-TLS request to both buckets', () => {
    for (const bucket of [synth.stack.stateful.documentsBucket, synth.stack.stateful.accessLogsBucket]) {
      synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(synth.stack, bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('keeps data in prod: deletion protection and RETAIN on every table and the user pool', () => {
    const prod = synthHydrant({ context: { stage: 'prod' } });
    const tables = resourcesOf(prod.template, 'AWS::DynamoDB::Table') as Record<string, { DeletionPolicy?: string; Properties?: Record<string, any> }>;
    expect(Object.keys(tables)).toHaveLength(3);
    for (const [id, table] of Object.entries(tables)) {
      expect(table.DeletionPolicy, id).toBe('Retain');
      expect(table.Properties!.DeletionProtectionEnabled, id).toBe(true);
    }
    prod.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }) });
    expect(prod.stack.stackName).toBe('Hydrant-prod');
  });

  it('protects the audit trail in every stage, and lets a dev stack delete its other tables', () => {
    const tables = resourcesOf(synth.template, 'AWS::DynamoDB::Table') as Record<string, { DeletionPolicy?: string; Properties?: Record<string, any> }>;
    const protection = (tableId: TableId) => {
      const table = tables[logicalId(synth.stack, synth.stack.stateful.tables[tableId])]!;
      return { deletionPolicy: table.DeletionPolicy, deletionProtection: table.Properties!.DeletionProtectionEnabled ?? false };
    };
    expect(protection('audit')).toEqual({ deletionPolicy: 'Retain', deletionProtection: true });
    expect(protection('app')).toEqual({ deletionPolicy: 'Delete', deletionProtection: false });
    expect(protection('control')).toEqual({ deletionPolicy: 'Delete', deletionProtection: false });
  });
});

describe('queues', () => {
  it('puts a DLQ behind every queue of the model, with its maxReceiveCount, encryption and TLS only', () => {
    const queues = resourcesOf(synth.template, 'AWS::SQS::Queue');
    for (const decl of appModel.queues) {
      const deployed = synth.stack.stateless.queues.get(decl.name)!;
      const queue = queues[logicalId(synth.stack, deployed.queue)]!.Properties!;
      expect(queue.RedrivePolicy, decl.name).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(synth.stack, deployed.deadLetterQueue), 'Arn'] },
        maxReceiveCount: decl.maxReceiveCount,
      });
      expect(queue.VisibilityTimeout).toBe(decl.visibilityTimeoutSeconds);
      synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(synth.stack, deployed.deadLetterQueue), 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties!.SqsManagedSseEnabled, id).toBe(true);
      synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
    // Every queue is either a model queue with a redrive policy, the DLQ of one, the IoT rules' error queue or a stream consumer's on-failure queue.
    expect(Object.keys(queues)).toHaveLength(appModel.queues.length * 2 + (appModel.iotRules.length > 0 ? 1 : 0) + (appModel.streamConsumers ?? []).length);
  });

  it('keeps every consumer\'s timeout below its queue\'s visibility timeout', () => {
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
    const queues = resourcesOf(synth.template, 'AWS::SQS::Queue');
    // The stream consumers' mappings (outbox relay) are tested in outbox-relay.test.ts.
    const mappings = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping')).filter((m) => !m.Properties!.FilterCriteria);
    expect(mappings).toHaveLength(appModel.queues.filter((q) => q.consumer).length);
    for (const mapping of mappings) {
      const fn = functions[mapping.Properties!.FunctionName.Ref]!.Properties!;
      const queue = queues[mapping.Properties!.EventSourceArn['Fn::GetAtt'][0]]!.Properties!;
      expect(fn.Timeout).toBeLessThan(queue.VisibilityTimeout);
    }
  });
});

describe('identities', () => {
  it('configures the user pool as designed', () => {
    synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'tenantId', AttributeDataType: 'String', Mutable: false }),
        Match.objectLike({ Name: 'clientId', AttributeDataType: 'String', Mutable: true }),
      ]),
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.stateful.preTokenGeneration.function), 'Arn'] },
          LambdaVersion: 'V3_0',
        },
      },
    });
  });

  it('has the four role groups', () => {
    const groups = Object.values(resourcesOf(synth.template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties!.GroupName);
    expect(groups.sort()).toEqual(['admin', 'client', 'manager', 'technician']);
  });

  it('has one public app client: no secret, password flow, rotating refresh tokens (no REFRESH_TOKEN_AUTH), token revocation, no user enumeration', () => {
    synth.template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });
});
