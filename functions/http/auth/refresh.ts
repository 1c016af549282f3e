import type * as z from 'zod';
import { refreshSession } from '#application/auth/refresh-session';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { RefreshBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** POST /v1/auth/refresh: new tokens for a refresh token. */
export const refresh = async ({ body }: HttpRequest<unknown, unknown, z.infer<typeof RefreshBody>>) => ({ status: 200, body: await refreshSession(body.refresh_token) });

export const handler = httpRoute(findRoute(authRoutes, 'refreshTokens'), refresh);
