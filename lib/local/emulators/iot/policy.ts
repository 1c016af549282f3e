/**
 * IoT Core policy evaluation, for the local broker: the subset of the policy language
 * that device policies use. A request is allowed when some statement allows it and none
 * denies it (deny by default, explicit deny wins), with
 * - `Action` and `Resource` patterns with `*` and `?` wildcards;
 * - the policy variables `${iot:ClientId}`, `${iot:Connection.Thing.ThingName}` and
 *   `${iot:Connection.Thing.IsAttached}` (a pattern whose variable is not available
 *   matches nothing, as in IoT Core);
 * - `Condition` with `Bool` on `iot:Connection.Thing.IsAttached`.
 * Anything else is refused when the policy is created ({@link parsePolicyDocument}),
 * so the local stack never silently ignores part of a policy.
 */
import * as z from 'zod';

export type IotAction = 'iot:Connect' | 'iot:Publish' | 'iot:RetainPublish' | 'iot:Subscribe' | 'iot:Receive';

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `Bool` conditions: key -> expected value. */
  readonly bool: Readonly<Record<string, boolean>>;
}

export interface PolicyDocument {
  readonly statements: readonly PolicyStatement[];
}

/** What IoT Core knows about a connection when it evaluates a policy. */
export interface ConnectionContext {
  readonly clientId: string;
  /** The client id, when a thing of that name is attached to the certificate; otherwise absent. */
  readonly thingName?: string;
  readonly isAttached: boolean;
}

export class InvalidPolicyDocument extends Error {}

const SUPPORTED_BOOL_KEYS = new Set(['iot:Connection.Thing.IsAttached']);
const VARIABLE = /\$\{([^}]+)\}/g;
const SUPPORTED_VARIABLES = new Set(['iot:ClientId', 'iot:Connection.Thing.ThingName', 'iot:Connection.Thing.IsAttached']);

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const Document = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z
    .array(
      z.strictObject({
        Sid: z.string().optional(),
        Effect: z.enum(['Allow', 'Deny']),
        Action: oneOrMany,
        Resource: oneOrMany,
        Condition: z.strictObject({ Bool: z.record(z.string(), z.union([z.enum(['true', 'false']), z.boolean()])) }).optional(),
      }),
    )
    .min(1),
});

/** Parses a policy document (JSON text or object); throws InvalidPolicyDocument on what the local evaluator does not support. */
export function parsePolicyDocument(document: string | object): PolicyDocument {
  let raw: unknown = document;
  if (typeof document === 'string') {
    try {
      raw = JSON.parse(document);
    } catch {
      throw new InvalidPolicyDocument('The policy document is not valid JSON');
    }
  }
  const parsed = Document.safeParse(raw);
  if (!parsed.success) throw new InvalidPolicyDocument(`Unsupported policy document: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return {
    statements: parsed.data.Statement.map((s) => {
      for (const pattern of [...s.Action, ...s.Resource]) {
        for (const [, name] of pattern.matchAll(VARIABLE)) {
          if (!SUPPORTED_VARIABLES.has(name!)) throw new InvalidPolicyDocument(`Unsupported policy variable \${${name}}`);
        }
      }
      const bool = Object.fromEntries(Object.entries(s.Condition?.Bool ?? {}).map(([k, v]) => [k, v === true || v === 'true']));
      for (const key of Object.keys(bool)) if (!SUPPORTED_BOOL_KEYS.has(key)) throw new InvalidPolicyDocument(`Unsupported condition key ${key}`);
      return { effect: s.Effect, actions: s.Action, resources: s.Resource, bool };
    }),
  };
}

function variableValue(name: string, context: ConnectionContext): string | undefined {
  if (name === 'iot:ClientId') return context.clientId;
  if (name === 'iot:Connection.Thing.ThingName') return context.thingName;
  if (name === 'iot:Connection.Thing.IsAttached') return String(context.isAttached);
  return undefined;
}

/** A pattern with its variables substituted, or undefined when one is not available. */
function substitute(pattern: string, context: ConnectionContext): string | undefined {
  let missing = false;
  const out = pattern.replace(VARIABLE, (_, name: string) => {
    const value = variableValue(name, context);
    if (value === undefined) missing = true;
    // A substituted value is literal: its own `*` or `?` must not act as wildcards.
    return (value ?? '').replace(/[*?]/g, (c) => `\u0000${c}`);
  });
  return missing ? undefined : out;
}

/** IAM-style wildcard match: `*` any run of characters, `?` one character; case-sensitive. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\u0000') source += escape(pattern[++i] ?? '');
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, 's').test(value);
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function statementApplies(s: PolicyStatement, action: IotAction, resource: string, context: ConnectionContext): boolean {
  // Actions are case-insensitive in IAM; resources are not.
  if (!s.actions.some((a) => wildcardMatch(a.toLowerCase(), action.toLowerCase()))) return false;
  if (!s.resources.some((r) => {
    const pattern = substitute(r, context);
    return pattern !== undefined && wildcardMatch(pattern, resource);
  })) return false;
  return Object.entries(s.bool).every(([key, expected]) => key === 'iot:Connection.Thing.IsAttached' && context.isAttached === expected);
}

/** Whether the policies allow `action` on `resource` (an ARN) for this connection. */
export function isAllowed(policies: readonly PolicyDocument[], action: IotAction, resource: string, context: ConnectionContext): boolean {
  const statements = policies.flatMap((p) => p.statements).filter((s) => statementApplies(s, action, resource, context));
  return statements.some((s) => s.effect === 'Allow') && !statements.some((s) => s.effect === 'Deny');
}
