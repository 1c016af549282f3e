/**
 * The environment each function of the real CDK app gets when deployed, with dummy values for
 * deploy-time references (ARNs, names): what `bench:cold` starts each bundle with, and what
 * `test/infra/function-environments.test.ts` imports each handler with, so a function that
 * reads a variable its declaration does not give fails here, not at its first cold start.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { createHydrantApp } from '#lib/cloud/app';
import { HydrantFunction } from '#lib/cloud/hydrant-function';
import { appModel } from '#lib/model/index';

const ROOT = resolve(import.meta.dirname, '../..');
export const CDK_CONTEXT = (JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

/** What the Lambda runtime sets in every function, with dummy credentials (nothing calls AWS). */
export const RUNTIME_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: 'hydrant-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/hydrant-bench',
  AWS_LAMBDA_LOG_STREAM_NAME: 'bench',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  // Loopback only: nothing may leave the machine, even a UDP trace segment.
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
  AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH0',
  AWS_SECRET_ACCESS_KEY: 'bench-secret',
  AWS_SESSION_TOKEN: 'bench-token',
  TZ: ':UTC',
};

/** The function's environment from the template: literals as deployed, dummies for resource references. */
export function environmentOf(fn: HydrantFunction): Record<string, string> {
  const stack = Stack.of(fn);
  const cfn = fn.function.node.defaultChild as CfnFunction;
  const resolved = stack.resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(resolved?.variables ?? {})) env[k] = dummyOf(v, k);
  return env;
}

/**
 * A deploy-time value with its shape kept: literals as they are, references replaced by
 * `bench-...`, joins joined, so a variable that holds JSON built from ARNs stays JSON.
 */
/** CloudFormation's pseudo parameters, as a deployed stack sees them (URLs built from them stay URLs). */
const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Hydrant-bench',
};

function dummyOf(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Ref' in o) return PSEUDO_PARAMETERS[String(o.Ref)] ?? `bench-${String(o.Ref).toLowerCase().slice(0, 40)}`;
    if ('Fn::GetAtt' in o) return `bench-${String((o['Fn::GetAtt'] as unknown[])[0]).toLowerCase().slice(0, 40)}`;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => dummyOf(p, name)).join(sep);
    }
    if ('Fn::Sub' in o) {
      const tpl = o['Fn::Sub'];
      return String(Array.isArray(tpl) ? tpl[0] : tpl).replace(/\$\{[^}]+\}/g, 'bench');
    }
  }
  return `bench-${name.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * The environment each function gets in the real stack (the CDK app of `bin/hydrant.ts`,
 * synthesized without bundling), by handler module: NODE_OPTIONS, POWERTOOLS_*, and one
 * variable per table, bucket, pool and queue the model grants it (dummy values for those).
 */
export function deployedEnvironments(): Map<string, Record<string, string>> {
  const validation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const { stack } = createHydrantApp({ model: appModel, nag: false, appProps: { context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } } });
    const envs = new Map<string, Record<string, string>>();
    for (const c of stack.node.findAll()) if (c instanceof HydrantFunction) envs.set(resolve(c.entry), environmentOf(c));
    return envs;
  } catch (error) {
    console.log(`  note: the real stack did not synthesize (${(error as Error).message.split('\n')[0]}); using dummy resource variables instead`);
    return new Map();
  } finally {
    if (validation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = validation;
  }
}
