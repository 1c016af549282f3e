/** The Hydrant SDK: a typed client of the Hydrant API for browsers and Node (see sdk/README.md). */
export { createHydrantClient, HydrantClient, type HydrantClientOptions, type ListItem, type ListParams, type ListPath, type Patch, type Resource, type Tagged, type VersionedPath } from './client';
export { Conflict, Forbidden, HydrantProblem, NotFound, PreconditionFailed, ServerError, TooManyRequests, Unauthorized, Unprocessable, ValidationFailed, problemOf, retryAfterSeconds, type ProblemBody, type ProblemFieldError } from './problems';
export { backoffDelay, fetchWithRetry, newIdempotencyKey, type RetryPolicy } from './retry';
export { REFRESH_MARGIN_MS, Session, type SignInChallenge, type SignInResult, type Tokens } from './session';
export { signWebhook, verifyWebhook, WebhookVerificationError, type VerifyOptions, type WebhookHeaders } from './webhooks';
export type { components, operations, paths } from './schema';

import type { components } from './schema';
/** The API's schemas by name, e.g. `Schemas['Site']`. */
export type Schemas = components['schemas'];
