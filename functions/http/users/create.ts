import type * as z from 'zod';
import { createUser as createUserCase } from '#application/users/create-user';
import { auditViewOf } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import type { CreateUserBody } from '#lib/model/schemas/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** POST /v1/users: 201 with the user (and, on the local stack only, its temporary password, shown once). */
export async function createUser({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateUserBody>>) {
  const who = caller(principal);
  const { user, temporaryPassword } = await createUserCase(who, body);
  return {
    ...resourceResult(user, 201, { Location: `/v1/users/${user.id}` }),
    // Local stack only (TEMPORARY_PASSWORD_DELIVERY=response); in the cloud Cognito e-mails it.
    body: temporaryPassword ? { ...user, temporaryPassword } : user,
    audit: { resourceId: user.id, after: auditViewOf(who.tenantId, user) },
  };
}

export const handler = httpRoute(findRoute(usersRoutes, 'createUser'), createUser);
