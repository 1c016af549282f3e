/**
 * The stateful half of Hydrant: what holds data and identities and must outlive any
 * redeployment of the functions (the tables, the documents bucket, the user pool).
 * Kept apart from the stateless half so its lifetime and removal policies are decided
 * in one place.
 */
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  ResourceServerScope,
  StringAttribute,
  type StandardAttributesMask,
  UserPool,
  UserPoolOperation,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ROLES } from '#lib/model/types';
import { APP_CLIENTS, CUSTOM_ATTRIBUTES, PASSWORD_POLICY, type AppClientDecl, type StandardAttributeName, type UserAttributeName } from '#lib/model/user-pool';
import { ALL_TABLES, type TableId, type TableKeys } from '#lib/model/table';
import { HydrantFunction, type FunctionDefaults } from './hydrant-function';
import { TelemetryStorage, type TelemetryStoreKind } from './telemetry-storage';

/** Props of {@link Stateful}. */
export interface StatefulProps {
  /** Settings shared by every function (the pre-token-generation trigger is one). */
  readonly functionDefaults: FunctionDefaults;
  /** Resource-server scopes machine clients can be granted (the model's `scopes`). */
  readonly scopes: readonly { readonly name: string; readonly description: string }[];
  /** Absolute path of the pre-token-generation trigger module. */
  readonly preTokenGenerationEntry: string;
  /**
   * Keep the data when the stack or a resource is deleted: RETAIN removal policies and
   * DynamoDB deletion protection. Meant for production. The audit table has both in
   * every stage.
   * @default false
   */
  readonly retainData?: boolean;
  /**
   * Prefix of the Cognito domain (`<prefix>.auth.<region>.amazoncognito.com`): the OAuth
   * endpoints of machine clients (`/oauth2/token`) and partner apps (`/oauth2/authorize`).
   * Prefixes are global per region, hence the account id in the default.
   * @default `hydrant-<stage>-<account id>`
   */
  readonly authDomainPrefix?: string;
  /**
   * Where telemetry readings are stored: a Timestream database and table, or the DynamoDB telemetry table.
   * @default 'timestream'
   */
  readonly telemetryStore?: TelemetryStoreKind;
}

/**
 * Construct ids of the tables. The application table keeps the id it had when it was
 * the only table: a new id would be a new logical id, i.e. a replacement of the table.
 */
const TABLE_CONSTRUCT_IDS: Record<TableId, string> = { app: 'Table', control: 'ControlTable', audit: 'AuditTable' };

/** How a table is kept when the stack or the resource goes. */
interface TableProtection {
  /** RETAIN instead of DESTROY. */
  readonly retain: boolean;
  /** DynamoDB deletion protection: no DeleteTable by anyone until it is turned off. */
  readonly deletionProtection: boolean;
}

/**
 * One table from its declaration: on-demand, point-in-time recovery, encryption at rest,
 * the TTL attribute and every global secondary index (all attributes projected).
 */
function createTable(scope: Construct, id: string, keys: TableKeys, protection: TableProtection): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
    sortKey: { name: keys.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: keys.timeToLiveAttribute,
    ...(keys.streamViewType === 'NEW_IMAGE' ? { stream: StreamViewType.NEW_IMAGE } : {}),
    deletionProtection: protection.deletionProtection,
    removalPolicy: protection.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  for (const index of keys.globalIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    });
  }
  return table;
}

/** The mask key of each standard attribute the model names. */
const STANDARD_MASK: Record<StandardAttributeName, keyof StandardAttributesMask> = {
  email: 'email',
  email_verified: 'emailVerified',
  given_name: 'givenName',
  family_name: 'familyName',
};

/** Attribute names of the model as CDK's client attributes. */
function clientAttributes(names: readonly UserAttributeName[]): ClientAttributes {
  const standard = names.filter((n): n is StandardAttributeName => !n.startsWith('custom:'));
  const custom = names.filter((n) => n.startsWith('custom:')).map((n) => n.slice('custom:'.length));
  return new ClientAttributes().withStandardAttributes(Object.fromEntries(standard.map((n) => [STANDARD_MASK[n], true]))).withCustomAttributes(...custom);
}

/** A client declaration's attributes, token lifetimes and refresh-token rotation, as UserPoolClient props. */
function clientSettings(decl: AppClientDecl) {
  const minutes = decl.tokenValidityMinutes;
  return {
    readAttributes: clientAttributes(decl.readAttributes),
    writeAttributes: clientAttributes(decl.writeAttributes),
    accessTokenValidity: Duration.minutes(minutes.access),
    idTokenValidity: Duration.minutes(minutes.id),
    refreshTokenValidity: Duration.minutes(minutes.refresh),
    ...(decl.refreshTokenRotation ? { refreshTokenRotationGracePeriod: Duration.seconds(decl.refreshTokenRotation.retryGracePeriodSeconds) } : {}),
  };
}

/** The tables, the documents bucket and the user pool, with what the stateless half needs of them. */
export class Stateful extends Construct {
  /** Every table of the model (`ALL_TABLES`), by table id. */
  readonly tables: Readonly<Record<TableId, Table>>;
  /** The application table (business data), `tables.app`. */
  readonly table: Table;
  readonly documentsKey: Key;
  /** Seals webhook signing secrets (KMS Encrypt/Decrypt with the webhook as encryption context). */
  readonly webhookSecretsKey: Key;
  /** Signs and verifies unsubscribe links (an HMAC key: GenerateMac/VerifyMac; the secret never leaves KMS). */
  readonly unsubscribeKey: Key;
  readonly documentsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly userPool: UserPool;
  /** Public client (no secret) used by the login, refresh and logout routes. */
  readonly userPoolClient: UserPoolClient;
  /** Resource server `hydrant`; machine clients get its scopes as `hydrant/<scope>`. */
  readonly resourceServer: UserPoolResourceServer;
  readonly preTokenGeneration: HydrantFunction;
  /** The Cognito domain of the OAuth 2.0 endpoints. */
  readonly authDomain: UserPoolDomain;
  /** `https://<domain>/oauth2/token`, the client-credentials token endpoint. */
  readonly tokenEndpoint: string;
  /** The telemetry store's resources (`telemetryStore`), and how functions get access to them. */
  readonly telemetry: TelemetryStorage;

  constructor(scope: Construct, id: string, props: StatefulProps) {
    super(scope, id);
    const retain = props.retainData ?? false;
    const dataRemoval = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // The audit trail is protected in every stage: a `cdk destroy` or a replacement by
    // mistake must never take the evidence with it, even in a shared test stage. RETAIN
    // goes with it so that deleting a non-prod stack still succeeds (it leaves the audit
    // table behind; deleting it is a deliberate act: turn protection off, then delete).
    const protectionOf = (tableId: TableId): TableProtection =>
      tableId === 'audit' ? { retain: true, deletionProtection: true } : { retain, deletionProtection: retain };
    const tables = {} as Record<TableId, Table>;
    for (const [tableId, keys] of Object.entries(ALL_TABLES) as [TableId, TableKeys][]) {
      tables[tableId] = createTable(this, TABLE_CONSTRUCT_IDS[tableId], keys, protectionOf(tableId));
    }
    this.tables = tables;
    this.table = tables.app;
    this.telemetry = new TelemetryStorage(this, 'Telemetry', { kind: props.telemetryStore ?? 'timestream', stage: props.functionDefaults.stage, retain });

    // Access logs must go to an SSE-S3 bucket (S3 log delivery cannot use a KMS key).
    // Buckets are retained in every stage: CloudFormation cannot delete a non-empty
    // bucket, and a failed delete would leave the stack stuck in DELETE_FAILED.
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(retain ? 365 : 90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.documentsKey = new Key(this, 'DocumentsKey', {
      description: `Hydrant ${props.functionDefaults.stage}: documents bucket encryption`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.webhookSecretsKey = new Key(this, 'WebhookSecretsKey', {
      description: `Hydrant ${props.functionDefaults.stage}: webhook signing secrets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // HMAC keys cannot rotate automatically; replacing the key only invalidates the links already sent.
    this.unsubscribeKey = new Key(this, 'UnsubscribeKey', {
      description: `Hydrant ${props.functionDefaults.stage}: unsubscribe links of notification e-mails`,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.documentsBucket = new Bucket(this, 'Documents', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.documentsKey,
      // One data key per bucket instead of per object: far fewer KMS calls.
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // ESSENTIALS is the cheapest plan whose V2 pre-token trigger may customise access tokens.
      featurePlan: FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      // POST /v1/users: Cognito e-mails the temporary password; Hydrant never returns it in the cloud.
      userInvitation: {
        emailSubject: 'Your Hydrant account',
        emailBody:
          `An administrator created your Hydrant account for {username}. Your temporary password is {####}. Sign in within ${PASSWORD_POLICY.temporaryPasswordValidityDays} days (POST /v1/auth/login): you will then choose your own password of at least ${PASSWORD_POLICY.minLength} characters.`,
      },
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // A user never changes tenant; the client id can be reassigned by an admin (see lib/model/user-pool.ts).
      customAttributes: Object.fromEntries(
        CUSTOM_ATTRIBUTES.map((a) => [a.name, new StringAttribute({ minLen: a.minLength, maxLen: a.maxLength, mutable: a.mutable })]),
      ),
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        requireSymbols: PASSWORD_POLICY.requireSymbols,
        tempPasswordValidity: Duration.days(PASSWORD_POLICY.temporaryPasswordValidityDays),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: retain,
      removalPolicy: dataRemoval,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP): POST /v1/auth/login is a USER_PASSWORD_AUTH exchange that must return tokens in one call for field technicians and integration users; users and admins can enrol TOTP.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'Essentials is the plan that enables V2 pre-token-generation (access token customisation), which is all Hydrant needs; Plus is a per-user cost decision left to production planning.',
      },
    );

    ROLES.forEach((role, precedence) => {
      // Lower precedence wins when a user is in several groups: admin over manager over technician over client.
      this.userPool.addGroup(`Group-${role}`, { groupName: role, precedence, description: `Hydrant ${role}s` });
    });

    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: 'hydrant',
      userPoolResourceServerName: 'Hydrant API',
      scopes: props.scopes.map((s) => new ResourceServerScope({ scopeName: s.name, scopeDescription: s.description })),
    });

    const login = APP_CLIENTS.login;
    this.userPoolClient = this.userPool.addClient('PublicClient', {
      userPoolClientName: login.name,
      generateSecret: false,
      // USER_PASSWORD_AUTH serves the login route; refreshes rotate (GetTokensFromRefreshToken), so no REFRESH_TOKEN_AUTH.
      authFlows: { userPassword: true },
      disableOAuth: true,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
      ...clientSettings(login),
    });

    this.authDomain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `hydrant-${props.functionDefaults.stage}-${Aws.ACCOUNT_ID}` },
    });
    this.tokenEndpoint = `${this.authDomain.baseUrl()}/oauth2/token`;

    this.preTokenGeneration = new HydrantFunction(this, 'PreTokenGeneration', {
      ...props.functionDefaults,
      entry: props.preTokenGenerationEntry,
      description: 'Cognito pre-token-generation (V3): tenant, client and MFA enrolment into access tokens, the tenant into machine tokens',
      memorySize: 128,
      timeout: Duration.seconds(5),
    });
    // V3_0: also called for client-credentials tokens (machine clients get their tenant).
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenGeneration.function, LambdaVersion.V3_0);
    // It reads a tenant's security settings and a machine client's directory item (GetItem only)...
    this.preTokenGeneration.function.addEnvironment(ALL_TABLES.app.envVar, this.table.tableName);
    this.preTokenGeneration.role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [this.table.tableArn] }));
    // ...and whether a user who must use MFA has enrolled. In a Policy of its own: in the
    // role's default policy, the pool -> trigger -> role -> pool references would be a cycle.
    new Policy(this, 'PreTokenGenerationUserPoolRead', {
      roles: [this.preTokenGeneration.role],
      statements: [new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [this.userPool.userPoolArn] })],
    });
  }
}
