/** Authenticator-app (TOTP) enrolment of the calling user, and the tenant's MFA rule. */
import * as z from 'zod';
import { ROLES } from '../types';

export const MfaSetup = z
  .object({
    secret: z.string().describe('Base32 shared secret; shown once, type it or scan the URI'),
    otpauthUri: z.string().describe('otpauth://totp/Hydrant:<email>?secret=...&issuer=Hydrant, for a QR code'),
  })
  .meta({ id: 'MfaSetup' });

export const VerifyMfaBody = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'must be the six digits of the authenticator app'),
  deviceName: z.string().trim().min(1).max(128).optional().describe('A name for the authenticator, e.g. "Phone"'),
});

export const MfaStatus = z
  .object({ enabled: z.boolean(), type: z.literal('TOTP').optional() })
  .meta({ id: 'MfaStatus' });

export const SecuritySettings = z
  .object({
    mfaRequiredRoles: z
      .array(z.enum(ROLES))
      .describe('Users of these roles must enrol an authenticator app: until they do, every route but /v1/me/mfa/* answers 403 MFA_REQUIRED'),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'SecuritySettings' });

export const UpdateSecuritySettingsBody = z.strictObject({
  mfaRequiredRoles: z.array(z.enum(ROLES)).max(ROLES.length).refine((r) => new Set(r).size === r.length, 'must not repeat a role'),
});
