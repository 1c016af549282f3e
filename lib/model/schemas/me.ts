/** The caller's own account: profile, password, consent, and authenticator-app (TOTP) enrolment. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { NewPassword } from './auth';
import { Name, User } from './users';

export const Me = lazySchema(() => User.extend({
  consentRequired: z.boolean().describe('true when the user has not consented to the current privacy policy version: ask, then POST /v1/me/consent'),
  currentPolicyVersion: z.string(),
}).meta({ id: 'Me' }));

export const UpdateMeBody = lazySchema(() => z
  .strictObject({ givenName: Name.optional(), familyName: Name.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ChangePasswordBody = lazySchema(() => z.strictObject({ oldPassword: z.string().min(1).max(256), newPassword: NewPassword }));

export const ConsentBody = lazySchema(() => z.strictObject({ policyVersion: z.string().trim().min(1).max(32) }));

export const MfaSetup = lazySchema(() => z
  .object({
    secret: z.string().describe('Base32 shared secret; shown once, type it or scan the URI'),
    otpauthUri: z.string().describe('otpauth://totp/Hydrant:<email>?secret=...&issuer=Hydrant, for a QR code'),
  })
  .meta({ id: 'MfaSetup' }));

export const VerifyMfaBody = lazySchema(() => z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'must be the six digits of the authenticator app'),
  deviceName: z.string().trim().min(1).max(128).optional().describe('A name for the authenticator, e.g. "Phone"'),
}));

export const MfaStatus = lazySchema(() => z
  .object({ enabled: z.boolean(), type: z.literal('TOTP').optional() })
  .meta({ id: 'MfaStatus' }));
