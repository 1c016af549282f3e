import { getClient } from '#adapters/dynamodb/clients-repository';
import type { Role } from '#domain/principal';
import { clientIdProblem } from '#domain/users';
import { ValidationFailed } from '#platform/errors';
import { refuseClientOfRole } from '../refusals';

/**
 * Checks a user's client against their role. Steps: a client user has a client and
 * nobody else has one (`clientIdProblem`); a client named anew must exist in the
 * tenant (`unchanged`, the client the user already has, is not read again).
 */
export async function checkClientOfRole(tenantId: string, role: Role, clientId: string | null | undefined, unchanged?: string | null): Promise<void> {
  const problem = clientIdProblem(role, clientId);
  if (problem) refuseClientOfRole(problem);
  if (clientId && clientId !== unchanged && !(await getClient(tenantId, clientId))) {
    throw new ValidationFailed('clientId names no client', [{ path: 'body.clientId', message: 'no such client' }]);
  }
}
