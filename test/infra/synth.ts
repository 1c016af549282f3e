/**
 * Synthesises the Hydrant app the way `bin/hydrant.ts` does, for CDK assertion tests:
 * cdk.json's context, bundling skipped (`aws:cdk:bundling-stacks: []`), and cdk-nag only
 * when a test asks for it.
 */
import { readFileSync } from 'node:fs';
import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createHydrantApp } from '#lib/cloud/app';
import type { HydrantFunction } from '#lib/cloud/hydrant-function';
import type { HydrantStack } from '#lib/cloud/hydrant-stack';
import type { AppModel, ResourceAccess } from '#lib/model/types';
import { appModel } from '#lib/model/index';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

/** The fixture `functions/` folder of the wiring tests (handlers that exist only to be bundled). */
export const FIXTURE_FUNCTIONS = new URL('./fixtures/functions', import.meta.url).pathname;

export interface SynthOptions {
  readonly model?: AppModel;
  /** Context on top of cdk.json's. */
  readonly context?: Record<string, unknown>;
  readonly nag?: boolean;
  readonly functionsDir?: string;
}

export interface Synthesised {
  readonly stack: HydrantStack;
  /** The stack and its nested stacks (route functions, API methods), as one template (see `ApiRoutes`). */
  readonly template: Template;
  /** The top-level stack alone, as CloudFormation deploys it. */
  readonly parentTemplate: Template;
  readonly app: ReturnType<typeof createHydrantApp>['app'];
}

export function synthHydrant(options: SynthOptions = {}): Synthesised {
  // The built-in CloudFormation validation only matters where nag runs; skipping it is 2-4x faster.
  if (!options.nag) process.env.CDK_VALIDATION = 'false';
  const { app, stack } = createHydrantApp({
    model: options.model ?? appModel,
    nag: options.nag ?? false,
    ...(options.functionsDir ? { functionsDir: options.functionsDir } : {}),
    appProps: { context: { ...cdkJson.context, ...options.context, 'aws:cdk:bundling-stacks': [] } },
  });
  const parentTemplate = Template.fromStack(stack);
  return { app, stack, template: withNestedStacks(stack, parentTemplate), parentTemplate };
}

/**
 * The resources of the nested stacks merged into the parent's, so that assertions see every
 * function wherever it lives. A reference across the boundary is a parameter of the nested
 * stack whose value the parent passes: it is replaced by that value, so the merged template
 * reads as if everything were one stack. Logical ids stay unique (they derive from the paths).
 */
function withNestedStacks(stack: HydrantStack, parent: Template): Template {
  type Json = { Resources: Record<string, { Properties?: { Parameters?: Record<string, unknown> } }> };
  const json = parent.toJSON() as Json;
  const resources = { ...json.Resources };
  for (const nested of nestedStacksOf(stack)) {
    const resourceId = stack.getLogicalId(nested.nestedStackResource as never);
    const passed = json.Resources[resourceId]?.Properties?.Parameters ?? {};
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (value === null || typeof value !== 'object') return value;
      const ref = (value as { Ref?: unknown }).Ref;
      if (typeof ref === 'string' && Object.keys(value).length === 1 && ref in passed) return passed[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    };
    for (const [id, resource] of Object.entries((Template.fromStack(nested).toJSON() as Json).Resources)) {
      if (id in resources) throw new Error(`logical id ${id} is in two stacks`);
      resources[id] = resolve(resource) as Json['Resources'][string];
    }
  }
  return Template.fromJSON({ ...json, Resources: resources }, { skipCyclicalDependenciesCheck: true });
}

/** Every nested stack of the app's stack: the route functions and the API methods of each area. */
export function nestedStacksOf(stack: HydrantStack): NestedStack[] {
  return stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack);
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

/** All resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id a construct's CloudFormation resource got. */
export function logicalId(_stack: HydrantStack, construct: { node: { defaultChild?: unknown } }): string {
  const resource = construct.node.defaultChild as never;
  return Stack.of(resource).getLogicalId(resource);
}

/** Rebuilds the full path of every API Gateway method: `GET /v1/sites/{id}` -> method resource. */
export function methodsByRoute(template: Template): Map<string, Record<string, any>> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (!id || !resources[id]) return ''; // the root resource (Fn::GetAtt RootResourceId)
    const props = resources[id]!.Properties!;
    return `${pathOf(props.ParentId)}/${props.PathPart}`;
  };
  const methods = new Map<string, Record<string, any>>();
  for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
    const props = method.Properties!;
    methods.set(`${props.HttpMethod} ${pathOf(props.ResourceId) || '/'}`, props);
  }
  return methods;
}

/** Every statement of the identity policies attached to a role (its AWS::IAM::Policy resources and inline policies). */
export function roleStatements(template: Template, roleLogicalId: string): Record<string, any>[] {
  const statements: Record<string, any>[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties!.Roles ?? []) as { Ref?: string }[];
    if (roles.some((r) => r.Ref === roleLogicalId)) statements.push(...policy.Properties!.PolicyDocument.Statement);
  }
  const role = resourcesOf(template, 'AWS::IAM::Role')[roleLogicalId];
  for (const inline of (role?.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Record<string, any>[] } }[]) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** The actions of statements, flattened. */
export function actionsOf(statements: readonly Record<string, any>[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]);
}

/**
 * A CloudFormation value as one string: `Fn::Join` flattened, `{Ref}` as `<Id>`,
 * `{Fn::GetAtt}` as `<Id.Attr>` (pseudo parameters as `<AWS::Region>`), so ARNs read as they will be.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = value as Record<string, unknown>;
  if ('Ref' in o) return `<${String(o.Ref)}>`;
  if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Sub' in o && typeof o['Fn::Sub'] === 'string') return o['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  if ('Fn::Join' in o) {
    const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

/** The resources of a statement, rendered. */
export function resourcesOfStatement(statement: Record<string, any>): string[] {
  return (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).map(render);
}

/**
 * The DynamoDB actions a role has on one table (`table`) and on its indexes (`indexes`),
 * whatever statements CDK merged them into; `anywhere` lists DynamoDB actions on `*`.
 */
export function tableGrants(template: Template, roleLogicalId: string, tableLogicalId: string): { table: string[]; indexes: string[]; anywhere: string[] } {
  const grants = { table: [] as string[], indexes: [] as string[], anywhere: [] as string[] };
  for (const statement of roleStatements(template, roleLogicalId)) {
    if (statement.Effect !== 'Allow') continue;
    const actions = actionsOf([statement]).filter((a) => a.startsWith('dynamodb:'));
    for (const resource of resourcesOfStatement(statement)) {
      if (resource === `<${tableLogicalId}.Arn>`) grants.table.push(...actions);
      else if (resource.startsWith(`<${tableLogicalId}.Arn>/index/`)) grants.indexes.push(...actions);
      else if (resource === '*') grants.anywhere.push(...actions);
    }
  }
  return { table: [...new Set(grants.table)].sort(), indexes: [...new Set(grants.indexes)].sort(), anywhere: grants.anywhere };
}

/** A function the model declares: a route's, a queue consumer or a schedule, with the access it declares. */
export interface DeclaredFunction {
  readonly what: string;
  readonly fn: HydrantFunction;
  readonly access: ResourceAccess;
  readonly route: boolean;
}

/** Every function of the model in a synthesis: routes, consumers, schedules, IoT rule functions. */
export function declaredFunctions(synth: Synthesised, model: AppModel): DeclaredFunction[] {
  const { stateless } = synth.stack;
  return [
    ...model.routes.map((r) => ({ what: r.operationId, fn: stateless.routeFunction(r.operationId), access: r.fn.access, route: true })),
    ...model.queues.flatMap((q) => (q.consumer ? [{ what: `consumer of ${q.name}`, fn: stateless.consumers.get(q.name)!, access: q.consumer.fn.access, route: false }] : [])),
    ...model.schedules.map((s) => ({ what: `schedule ${s.name}`, fn: stateless.scheduleFunctions.get(s.name)!, access: s.fn.access, route: false })),
    ...model.iotRules.flatMap((r) =>
      r.actions.flatMap((a) => (a.kind === 'function' ? [{ what: `IoT rule ${r.name}`, fn: stateless.iotRuleFunctions.get(r.name)!, access: a.fn.access, route: false }] : [])),
    ),
  ];
}
