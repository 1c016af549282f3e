/**
 * The GraphQL API on AWS AppSync, from the model's `graphqlApi`: the schema file every
 * client sees locally too, Cognito user pools as the default authorisation (API keys as
 * an additional mode), ONE Lambda data source whose function resolves every field with the
 * same resolvers as `POST /graphql`, AppSync's depth and resolver-count limits,
 * introspection off, field logs at ERROR without verbose content (no field values), and
 * the stack's web ACL (rate limiting per address) in front.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnResource, Duration, Expiration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AuthorizationType, CfnGraphQLApi, Definition, FieldLogLevel, GraphqlApi, IntrospectionConfig, SchemaFile } from 'aws-cdk-lib/aws-appsync';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation, type CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { GraphqlApiDecl } from '#lib/model/types';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';

/** The repository root, which the model's `schemaFile` is relative to. */
const MODEL_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Props of {@link GraphqlApiConstruct}. */
export interface GraphqlApiProps extends ModelPartProps {
  readonly decl: GraphqlApiDecl;
  readonly userPool: IUserPool;
  /** The regional web ACL associated with the API (the REST API's). */
  readonly webAcl: CfnWebACL;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

export class GraphqlApiConstruct extends Construct {
  readonly api: GraphqlApi;
  /** The one resolver function of every field. */
  readonly resolver: HydrantFunction;
  /** Where AppSync logs field errors (no values). */
  readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);
    const { decl, stage } = props;
    this.api = new GraphqlApi(this, 'Api', {
      name: `hydrant-${stage}-graphql`,
      definition: Definition.fromSchema(SchemaFile.fromAsset(join(MODEL_ROOT, decl.schemaFile))),
      authorizationConfig: {
        defaultAuthorization: { authorizationType: AuthorizationType.USER_POOL, userPoolConfig: { userPool: props.userPool } },
        additionalAuthorizationModes: [{ authorizationType: AuthorizationType.API_KEY, apiKeyConfig: { name: `hydrant-${stage}-graphql`, expires: Expiration.after(Duration.days(365)) } }],
      },
      xrayEnabled: true,
      introspectionConfig: IntrospectionConfig.DISABLED,
      queryDepthLimit: decl.queryDepthLimit,
      resolverCountLimit: decl.resolverCountLimit,
    });
    this.resolver = props.functions.create(this, 'Resolver', decl.resolver.handler, decl.resolver.fn, `GraphQL resolver of every field (AppSync, ${stage})`, { route: false });
    const source = this.api.addLambdaDataSource('Resolvers', this.resolver.function, { description: 'Every field, routed by parentTypeName.fieldName' });
    for (const field of decl.fields) {
      const [typeName, fieldName] = field.split('.') as [string, string];
      const root = typeName === 'Query' || typeName === 'Mutation';
      source.createResolver(`${typeName}${fieldName[0]?.toUpperCase()}${fieldName.slice(1)}`, { typeName, fieldName, ...(root ? {} : { maxBatchSize: decl.maxBatchSize }) });
    }
    new CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.api.arn, webAclArn: props.webAcl.attrArn });
    this.logs = this.configureLogs(props);
    this.acknowledgeFindings(source);
  }

  /**
   * Field errors only, without request headers, context or resolved values, to a log
   * group made here with its retention and written by a role limited to it (the L2's
   * `logConfig` would add a log-retention custom resource and a managed policy).
   */
  private configureLogs(props: GraphqlApiProps): LogGroup {
    const logs = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'LogsRole', { assumedBy: new ServicePrincipal('appsync.amazonaws.com'), description: `AppSync writes the logs of hydrant-${props.stage}-graphql` });
    const policy = new Policy(this, 'LogsPolicy', {
      statements: [new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logs.logGroupArn}`] })],
    });
    policy.attachToRole(role);
    (this.api.node.defaultChild as CfnGraphQLApi).logConfig = { cloudWatchLogsRoleArn: role.roleArn, fieldLogLevel: FieldLogLevel.ERROR, excludeVerboseContent: true };
    return logs;
  }

  private acknowledgeFindings(source: Construct): void {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-ASC3',
      reason: 'Request-level logging is on (field errors, at ERROR) with verbose content excluded on purpose: verbose logs hold request headers (bearer tokens) and the values fields resolve (people\'s names, addresses), which must not reach the logs.',
    });
    const fnId = Stack.of(this).getLogicalId(this.resolver.function.node.defaultChild as CfnResource);
    Validations.of(source).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason: 'AppSync may invoke the one resolver function and its versions/aliases (<function ARN>:*), nothing else: the wildcard stays inside that function.',
    });
  }
}
