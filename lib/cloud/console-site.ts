/**
 * The operations console on S3 behind CloudFront: a private, encrypted, TLS-only bucket read by
 * CloudFront alone (origin access control), security headers on every answer (CSP, HSTS,
 * nosniff, no framing), and the built files plus a `config.json` naming the API, written at
 * deploy time by a BucketDeployment whose role may do exactly that and nothing else.
 *
 * Two steps, because the API's CORS origin is the distribution's domain and the CSP names the
 * API: `new ConsoleSite()` (bucket, distribution) before the API, `deploy()` after it.
 */
import { Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  type ICachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsole } from '#lib/console/build';
import { contentSecurityPolicy } from '#lib/console/headers';

/** Props of {@link ConsoleSite}. */
export interface ConsoleSiteProps {
  /** Where the bucket's server access logs go (prefix `console/`). */
  readonly accessLogsBucket: IBucket;
  /**
   * The built console (index.html and hashed files).
   * @default - built from console/src during synthesis, into a temporary folder
   */
  readonly distDir?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/** Props of {@link ConsoleSite.deploy}. */
export interface ConsoleDeployProps {
  /** The API's base URL the console calls (written to config.json). */
  readonly apiUrl: string;
  /**
   * The live WebSocket API's URL (`wss://…/<stage>`), written to config.json.
   * @default - none: the console polls
   */
  readonly liveUrl?: string;
  /** The origins the console calls (`https://host`, `wss://host`): the API's, the documents bucket's (uploads); the CSP allows these only. */
  readonly connectOrigins: readonly string[];
  /**
   * A usage-plan API key the console sends as `x-api-key` (public by nature: every browser sees it).
   * @default - none
   */
  readonly apiKey?: string;
}

/** Files whose name does not change between builds: never cached, so a deploy shows at once. */
const UNHASHED = ['/index.html', '/config.json'] as const;

export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** `https://<distribution domain>`: the origin the API allows by CORS. */
  readonly origin: string;
  private readonly distDir: string;
  private readonly logRetention: RetentionDays;
  private connectOrigins: readonly string[] = [];

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.distDir = props.distDir ?? buildConsole(`${process.env.TMPDIR ?? '/tmp'}/hydrant-console-${process.pid}`).outDir;
    this.logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    // Retained like every bucket of the stack: CloudFormation cannot delete a non-empty one.
    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Hydrant console: CSP, HSTS, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: Lazy.string({ produce: () => contentSecurityPolicy(this.connectOrigins) }), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behavior = (cachePolicy: ICachePolicy): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy: this.responseHeadersPolicy,
      compress: true,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Hydrant operations console',
      defaultRootObject: 'index.html',
      defaultBehavior: behavior(CachePolicy.CACHING_OPTIMIZED),
      additionalBehaviors: Object.fromEntries(UNHASHED.map((path) => [path, behavior(CachePolicy.CACHING_DISABLED)])),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    const findings: Record<string, string> = {
      'AwsSolutions-CFR1':
        'The console is for the operators and clients of any country; the API behind it authenticates every call, so no geographic restriction',
      'AwsSolutions-CFR2':
        'The distribution serves static files only (GET/HEAD); the API it calls has its own WAF web ACL, where the requests that matter arrive',
      'AwsSolutions-CFR3':
        'Reads of the console files are logged by the origin bucket (S3 server access logs, prefix console/); CloudFront standard logs need an ACL-enabled bucket, which the stack refuses',
      'AwsSolutions-CFR4':
        'The default cloudfront.net certificate fixes the minimum viewer TLS policy; a custom domain with its ACM certificate and TLSv1.2_2021 is a deployment choice',
    };
    for (const [id, reason] of Object.entries(findings)) Validations.of(this.distribution).acknowledge({ id, reason });
  }

  /** Uploads the files and `config.json` (the API's and the live API's URLs), and invalidates the unhashed files. */
  deploy(props: ConsoleDeployProps): BucketDeployment {
    this.connectOrigins = props.connectOrigins;
    const files = new Asset(this, 'Build', { path: this.distDir });
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: this.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const stack = Stack.of(this);
    // The deployment's own role, with exactly what it does: read its two source archives,
    // sync the bucket, invalidate the unhashed files, write its logs. The construct's grants
    // (wildcard actions, a managed policy) are turned away by `withoutPolicyUpdates`.
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Hydrant console: uploads the built files and config.json',
      inlinePolicies: {
        deploy: new PolicyDocument({
          statements: [
            new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [files.bucket.arnForObjects('*.zip')] }),
            new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
            new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }),
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
              resources: [stack.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: this.distribution.distributionId })],
            }),
            new PolicyStatement({ effect: Effect.ALLOW, actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
          ],
        }),
      },
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagSpelling(stack, files.bucket.arnForObjects('*.zip'))}]`,
      reason: 'The deployment reads its source archives, whose names are content hashes (*.zip) in the CDK assets bucket; s3:GetObject only, in that bucket only',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagSpelling(stack, this.bucket.arnForObjects('*'))}]`,
      reason: 'The deployment syncs every object of the console bucket, whose hashed file names change with each build; get, put and delete in this one bucket only',
    });
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [
        Source.bucket(files.bucket, files.s3ObjectKey),
        Source.jsonData('config.json', { apiUrl: props.apiUrl, ...(props.apiKey ? { apiKey: props.apiKey } : {}), ...(props.liveUrl ? { liveUrl: props.liveUrl } : {}) }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/', ...UNHASHED],
      role: role.withoutPolicyUpdates(),
      logGroup,
      memoryLimit: 256,
    });
    // The provider function is the construct's (one per stack); its Python runtime is the one the construct ships and tests.
    const provider = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (provider) {
      Validations.of(provider.node.defaultChild ?? provider).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'The BucketDeployment provider runs the Python runtime aws-cdk-lib pins and tests with its bundled AWS CLI; it moves with the aws-cdk-lib version, not with this stack',
      });
    }
    return deployment;
  }
}

/** A resolved ARN as cdk-nag spells it in a finding: `<Id.Attr>`, `<AWS::Region>`, joins flattened. */
function nagSpelling(stack: Stack, value: string): string {
  const spell = (v: unknown): string => {
    if (typeof v === 'string') return v.replace(/\$\{([^}]+)\}/g, '<$1>');
    const o = v as Record<string, unknown>;
    if ('Ref' in o) return `<${String(o.Ref)}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Sub' in o) return spell(o['Fn::Sub']);
    if ('Fn::Join' in o) {
      const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(spell).join(separator);
    }
    throw new Error(`cannot spell ${JSON.stringify(v)}`);
  };
  return spell(stack.resolve(value));
}
