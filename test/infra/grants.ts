/**
 * The table grants every function must have, derived from the app model alone, and the
 * append-only rule of the audit table; shared by the tests of the real model
 * (security.test.ts) and of the fixture model (workers.test.ts).
 */
import { expect } from 'vitest';
import { ALL_TABLES, type TableId } from '#lib/model/table';
import { PLATFORM_ACCESS_OF_ROUTES, type AppModel } from '#lib/model/types';
import { actionsOf, declaredFunctions, logicalId, resourcesOf, resourcesOfStatement, roleStatements, tableGrants, type Synthesised } from './synth';

const READ = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** Item actions on the table itself by access level, sorted (what `HydrantFunction.bindTable` must grant). */
export const EXPECTED_TABLE_ACTIONS = {
  read: READ,
  readWrite: [...READ, ...WRITE].sort(),
  append: ['dynamodb:PutItem'],
  redact: ['dynamodb:Query', 'dynamodb:UpdateItem'],
} as const;
type Access = keyof typeof EXPECTED_TABLE_ACTIONS;

/** The accesses a function must have to a table, from its declaration. */
function expectedAccess(tableId: TableId, access: AppModel['routes'][number]['fn']['access'], route: boolean): Access[] {
  if (tableId === 'app') return access.table ? [access.table] : [];
  if (tableId === 'control') return route ? [PLATFORM_ACCESS_OF_ROUTES.control] : access.controlTable ? [access.controlTable] : [];
  return [...(route ? [PLATFORM_ACCESS_OF_ROUTES.audit] : []), ...(access.auditLog ? [access.auditLog] : [])];
}

/**
 * Every function of the model has, on each table, exactly the item actions its
 * declaration (and, for a route, the platform's access) adds up to, Query on the
 * indexes only where it may query, no DynamoDB action on `*`, and the table's
 * environment variable exactly when it has access to it.
 */
export function expectTableGrantsFollowTheModel(synth: Synthesised, model: AppModel): void {
  const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
  for (const { what, fn, access, route } of declaredFunctions(synth, model)) {
    const roleId = logicalId(synth.stack, fn.role);
    const env = functions[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables as Record<string, unknown>;
    for (const [tableId, keys] of Object.entries(ALL_TABLES) as [TableId, (typeof ALL_TABLES)[TableId]][]) {
      const tableLogicalId = logicalId(synth.stack, synth.stack.stateful.tables[tableId]);
      const grants = tableGrants(synth.template, roleId, tableLogicalId);
      const accesses = expectedAccess(tableId, access, route);
      const expected = [...new Set(accesses.flatMap((a) => EXPECTED_TABLE_ACTIONS[a]))].sort();
      expect(grants.table, `${what} on the ${tableId} table`).toEqual(expected);
      expect(grants.indexes, `${what} on the indexes of the ${tableId} table`).toEqual(expected.includes('dynamodb:Query') ? ['dynamodb:Query'] : []);
      expect(grants.anywhere, what).toEqual([]);
      if (accesses.length > 0) expect(env[keys.envVar], `${what} ${keys.envVar}`).toEqual({ Ref: tableLogicalId });
      else expect(env[keys.envVar], `${what} ${keys.envVar}`).toBeUndefined();
    }
  }
}

/**
 * The audit trail is append-only by IAM: no policy of the stack allows UpdateItem,
 * DeleteItem or BatchWriteItem on the audit table, except the role of a function the
 * model declares `auditLog: 'redact'` (UpdateItem only). Returns the roles that may update it.
 */
export function rolesThatMayRewriteTheAuditTrail(synth: Synthesised, model: AppModel): string[] {
  const auditArn = `<${logicalId(synth.stack, synth.stack.stateful.tables.audit)}.Arn>`;
  const redactors = new Set(declaredFunctions(synth, model).filter((f) => f.access.auditLog === 'redact').map((f) => logicalId(synth.stack, f.fn.role)));
  const rewriting: string[] = [];
  // Every role's statements, separate policies and inline ones alike.
  for (const role of Object.keys(resourcesOf(synth.template, 'AWS::IAM::Role'))) {
    for (const statement of roleStatements(synth.template, role)) {
      if (statement.Effect !== 'Allow') continue;
      const onAudit = resourcesOfStatement(statement).some((r) => r === '*' || r === auditArn || r.startsWith(`${auditArn}/`));
      if (!onAudit) continue;
      const changes = actionsOf([statement]).filter((a) => ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*'].includes(a));
      if (changes.length === 0) continue;
      expect(redactors.has(role), `${role} may ${changes.join(', ')} on the audit table`).toBe(true);
      expect(changes, `${role} may only UpdateItem on the audit table`).toEqual(['dynamodb:UpdateItem']);
      rewriting.push(role);
    }
  }
  return [...new Set(rewriting)];
}

