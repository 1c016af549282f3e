/**
 * The API's web application firewall: AWS's common and known-bad-inputs rule sets and a
 * per-IP rate limit, associated with the API's stage.
 */
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Props of {@link ApiFirewall}. */
export interface ApiFirewallProps {
  readonly stage: string;
  /** The API stage the web ACL protects. */
  readonly apiStage: Stage;
  /**
   * Requests per 5 minutes from one IP address before the WAF blocks it.
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
}

/**
 * `WebAcl` and `WebAclAssociation` in `scope` (no construct level of their own, so that the
 * logical ids stay those already deployed).
 */
export class ApiFirewall {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, props: ApiFirewallProps) {
    const rateLimit = props.rateLimitPer5Minutes ?? 2000;
    if (!Number.isInteger(rateLimit) || rateLimit < 10) throw new Error(`WAF rate limit ${rateLimit} per 5 minutes: WAF needs an integer of at least 10`);
    this.webAcl = new CfnWebACL(scope, 'WebAcl', {
      name: `hydrant-${props.stage}-api`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`hydrant-${props.stage}-api`),
      rules: [
        // The common set blocks bodies over 8 KB; batches of telemetry readings are larger.
        // Bodies stay bounded by API Gateway (10 MB) and by each route's zod schema.
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 0, ['SizeRestrictions_BODY']),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'RateLimitPerIp',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    });
    new CfnWebACLAssociation(scope, 'WebAclAssociation', {
      resourceArn: props.apiStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/** CloudWatch metrics and sampled requests for a rule or the ACL. */
function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** An AWS managed rule group, blocking; the rules in `countOnly` only count. */
function managedRuleGroup(name: string, priority: number, countOnly: readonly string[] = []): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length > 0 ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}
