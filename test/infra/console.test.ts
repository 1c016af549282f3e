/**
 * The console's hosting: a private, encrypted, TLS-only bucket read by CloudFront alone through
 * origin access control; security headers on every answer; the files and a config.json naming
 * the API uploaded at deploy time by a role that may do only that; and the distribution's
 * origin allowed by the API's CORS (preflights and the functions' answers).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, logicalId, render, resourcesOf, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;
let distributionId: string;
let bucketId: string;

beforeAll(() => {
  synth = synthHydrant();
  distributionId = logicalId(synth.stack, synth.stack.console.distribution);
  bucketId = logicalId(synth.stack, synth.stack.console.bucket);
});

describe('the console site', () => {
  it('keeps its files in a private, encrypted, logged bucket that denies plain HTTP', () => {
    synth.parentTemplate.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(synth.stack, synth.stack.stateful.accessLogsBucket) }, LogFilePrefix: 'console/' },
      },
      DeletionPolicy: 'Retain',
    });
    const policy = Object.values(resourcesOf(synth.parentTemplate, 'AWS::S3::BucketPolicy')).find((p) => p.Properties!.Bucket.Ref === bucketId)!;
    const statements = policy.Properties!.PolicyDocument.Statement as Record<string, any>[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Only CloudFront, for this distribution, may read: no public principal is allowed anything.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const s of allows) {
      expect(s.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(render(s.Condition.StringEquals['AWS:SourceArn'])).toContain(`distribution/<${distributionId}>`);
    }
  });

  it('serves it through CloudFront with origin access control, HTTPS only, index.html and config.json never cached', () => {
    const [oac] = Object.values(resourcesOf(synth.parentTemplate, 'AWS::CloudFront::OriginAccessControl'));
    expect(oac!.Properties!.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const config = resourcesOf(synth.parentTemplate, 'AWS::CloudFront::Distribution')[distributionId]!.Properties!.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const uncached = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad'; // the managed CachingDisabled policy
    expect(config.CacheBehaviors.map((b: Record<string, unknown>) => [b.PathPattern, b.CachePolicyId])).toEqual([
      ['/index.html', uncached],
      ['/config.json', uncached],
    ]);
  });

  it('adds the security headers to every answer: CSP (the API, the S3 endpoints of the region for uploads and the live WebSocket API as the only other origins, no framing), HSTS, nosniff', () => {
    const [policy] = Object.values(resourcesOf(synth.parentTemplate, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = policy!.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = render(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/<\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix> https:\/\/\*\.s3\.<AWS::Region>\.<AWS::URLSuffix> wss:\/\/<\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix>(;|$)/);
    // The wss: origin is the live WebSocket API's.
    expect(csp).toContain(`wss://<${logicalId(synth.stack, synth.stack.stateless.live!.api)}>.execute-api.`);
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    const config = resourcesOf(synth.parentTemplate, 'AWS::CloudFront::Distribution')[distributionId]!.Properties!.DistributionConfig;
    for (const b of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) expect(b.ResponseHeadersPolicyId).toEqual({ Ref: logicalId(synth.stack, synth.stack.console.responseHeadersPolicy) });
  });

  it('uploads the files and a config.json naming the API and the live API at deploy time, then invalidates the unhashed files', () => {
    const [deployment] = Object.values(resourcesOf(synth.parentTemplate, 'Custom::CDKBucketDeployment'));
    const props = deployment!.Properties!;
    expect(props.DestinationBucketName).toEqual({ Ref: bucketId });
    expect(props.DistributionId).toEqual({ Ref: distributionId });
    expect(props.DistributionPaths).toEqual(['/', '/index.html', '/config.json']);
    expect(props.SourceObjectKeys).toHaveLength(2);
    // config.json's apiUrl is a deploy-time value: the API's execute-api URL, from the RestApi's id.
    expect(props.SourceMarkers[1]).toEqual(expect.objectContaining({ [Object.keys(props.SourceMarkers[1])[0]!]: { Ref: logicalId(synth.stack, synth.stack.stateless.api) } }));
    // ...and its liveUrl the WebSocket API's, from the WebSocket API's id.
    expect(Object.values(props.SourceMarkers[1])).toContainEqual({ Ref: logicalId(synth.stack, synth.stack.stateless.live!.api) });
  });

  it('gives the deployment a role that reads its sources, syncs this bucket and invalidates this distribution, nothing more', () => {
    const fn = Object.values(resourcesOf(synth.parentTemplate, 'AWS::Lambda::Function')).find((f) => String(f.Properties!.Handler).startsWith('index.handler') && JSON.stringify(f.Properties!.Role).includes('DeploymentRole'));
    expect(fn).toBeDefined();
    const roleId = (fn!.Properties!.Role['Fn::GetAtt'] as string[])[0]!;
    const role = resourcesOf(synth.parentTemplate, 'AWS::IAM::Role')[roleId]!;
    expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
    const statements = roleStatements(synth.parentTemplate, roleId);
    expect(actionsOf(statements).sort()).toEqual(
      ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:DeleteObject', 's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'].sort(),
    );
    for (const action of actionsOf(statements)) expect(action).not.toContain('*');
  });

  it("lets the console upload to the documents bucket (CORS: PUT from the distribution's origin only)", () => {
    const bucket = resourcesOf(synth.parentTemplate, 'AWS::S3::Bucket')[logicalId(synth.stack, synth.stack.stateful.documentsBucket)]!;
    const rules = bucket.Properties!.CorsConfiguration.CorsRules as Record<string, any>[];
    expect(rules).toHaveLength(1);
    expect(rules[0]!.AllowedMethods).toEqual(['PUT']);
    expect(rules[0]!.AllowedOrigins.map(render)).toEqual([`https://<${distributionId}.DomainName>`]);
  });

  it("allows the distribution's origin by CORS, in the API's preflights and in the functions' answers", () => {
    const origin = `https://<${distributionId}.DomainName>`;
    const routeFunctions = Object.values(resourcesOf(synth.template, 'AWS::Lambda::Function')).filter((f) => f.Properties!.Environment?.Variables?.API_PUBLIC_URL !== undefined);
    expect(routeFunctions.length).toBeGreaterThan(100);
    for (const fn of routeFunctions) expect(render(fn.Properties!.Environment.Variables.CORS_ALLOWED_ORIGINS)).toContain(origin);
    const preflights = Object.values(resourcesOf(synth.template, 'AWS::ApiGateway::Method')).filter((m) => m.Properties!.HttpMethod === 'OPTIONS');
    expect(preflights.length).toBeGreaterThan(0);
    expect(JSON.stringify(preflights[0]!.Properties!.Integration)).toContain(distributionId);
    synth.parentTemplate.hasOutput('ConsoleUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });
});
