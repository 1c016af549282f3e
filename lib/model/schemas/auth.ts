import * as z from 'zod';

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(8192) });

export const LogoutBody = RefreshBody;

/** RFC 6749 token response names. */
export const TokenResponse = z
  .object({
    access_token: z.string(),
    id_token: z.string(),
    refresh_token: z.string().optional(),
    expires_in: z.int(),
    token_type: z.literal('Bearer'),
  })
  .meta({ id: 'TokenResponse' });

export const Health = z
  .object({ status: z.literal('ok'), version: z.string(), time: z.string() })
  .meta({ id: 'Health' });
