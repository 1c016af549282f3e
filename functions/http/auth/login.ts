import type * as z from 'zod';
import { signIn } from '#application/auth/sign-in';
import { signInAccountOf } from '#application/auth/sign-in-account';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { LoginBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** POST /v1/auth/login: the tokens, or the challenge to meet. */
export const login = async ({ body }: HttpRequest<unknown, unknown, z.infer<typeof LoginBody>>) => ({ status: 200, body: await signIn(body) });

export const handler = httpRoute(findRoute(authRoutes, 'login'), login, { accountOf: signInAccountOf });
