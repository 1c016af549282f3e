/**
 * The GraphQL API on AWS AppSync, from the model's `graphqlApi`: the schema file every
 * client sees locally too, Cognito user pools as the default authorisation (API keys as
 * an additional mode), ONE Lambda data source whose function resolves every field with the
 * same resolvers as `POST /graphql`, AppSync's depth and resolver-count limits,
 * introspection off, field logs at ERROR without verbose content (no field values), and
 * the stack's web ACL (rate limiting per address) in front.
 */
import { join } from 'node:path';
import { Duration, Expiration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AuthorizationType, Definition, FieldLogLevel, GraphqlApi, IntrospectionConfig, SchemaFile } from 'aws-cdk-lib/aws-appsync';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation, type CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { GraphqlApiDecl } from '#lib/model/types';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';

/** Props of {@link GraphqlApiConstruct}. */
export interface GraphqlApiProps extends ModelPartProps {
  readonly decl: GraphqlApiDecl;
  /** The repository root `decl.schemaFile` is relative to. */
  readonly rootDir: string;
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

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);
    const { decl, stage } = props;
    this.api = new GraphqlApi(this, 'Api', {
      name: `hydrant-${stage}-graphql`,
      definition: Definition.fromSchema(SchemaFile.fromAsset(join(props.rootDir, decl.schemaFile))),
      authorizationConfig: {
        defaultAuthorization: { authorizationType: AuthorizationType.USER_POOL, userPoolConfig: { userPool: props.userPool } },
        additionalAuthorizationModes: [{ authorizationType: AuthorizationType.API_KEY, apiKeyConfig: { name: `hydrant-${stage}-graphql`, expires: Expiration.after(Duration.days(365)) } }],
      },
      logConfig: { fieldLogLevel: FieldLogLevel.ERROR, excludeVerboseContent: true, retention: props.logRetention ?? RetentionDays.ONE_MONTH },
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
  }
}
