/** The tenant's settings: which roles must use MFA. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { ROLES } from '../types';

export const SecuritySettings = lazySchema(() => z
  .object({
    mfaRequiredRoles: z
      .array(z.enum(ROLES))
      .describe('Users of these roles must enrol an authenticator app: until they do, every route but /v1/me/mfa/* answers 403 MFA_REQUIRED'),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'SecuritySettings' }));

export const UpdateSecuritySettingsBody = lazySchema(() => z.strictObject({
  mfaRequiredRoles: z.array(z.enum(ROLES)).max(ROLES.length).refine((r) => new Set(r).size === r.length, 'must not repeat a role'),
}));
