/**
 * Configuration from the environment, parsed once per module at cold start with a
 * zod schema, so a missing variable fails the function immediately with a clear
 * message instead of at the first request that needs it.
 */
import * as z from 'zod';

export function readEnv<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Variables every HTTP function reads. */
export const platformEnv = {
  STAGE: z.string().min(1).default('local'),
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Tenant of principals whose token carries none (machine clients until they are mapped). */
  DEFAULT_TENANT_ID: z.string().min(1).optional(),
  HYDRANT_VERSION: z.string().default('0.1.0'),
};

/**
 * Where webhooks may be delivered. `local` (set by the local stack only) also allows
 * http://localhost; it is refused inside a real Lambda (AWS_EXECUTION_ENV is set there),
 * so a misconfigured deployment fails at cold start rather than delivering to loopback.
 */
export const webhookNetworkEnv = {
  WEBHOOK_NETWORK_MODE: z.enum(['cloud', 'local']).default('cloud'),
  AWS_EXECUTION_ENV: z.string().optional(),
};

export function webhookNetworkMode(env: NodeJS.ProcessEnv = process.env): 'cloud' | 'local' {
  const { WEBHOOK_NETWORK_MODE: mode, AWS_EXECUTION_ENV: lambda } = readEnv(webhookNetworkEnv, env);
  if (mode === 'local' && lambda) throw new Error('Invalid configuration: WEBHOOK_NETWORK_MODE=local is for the local stack, never a Lambda');
  return mode;
}

/**
 * The API's public base URL (`API_PUBLIC_URL`: CDK sets it from the API's URL or custom
 * domain, the local stack from its port). Links in answers start with it; a request's
 * Host and X-Forwarded-* headers are the caller's to forge and never build a URL.
 */
export const publicUrlEnv = {
  API_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, '')),
};
