/**
 * Every login-like route (public, takes a `username`, answers tokens) is under the one
 * failed-sign-in lock, counted per account: a new such route cannot forget it.
 */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { FAILED_SIGN_INS_LIMIT } from '#lib/model/routes/access';

const takesUsername = (schema: z.ZodType | undefined) => schema instanceof z.ZodObject && 'username' in schema.shape;
const answersTokens = (route: (typeof appModel.routes)[number]) =>
  Object.values(route.responses).some((r) => typeof (r as { example?: { access_token?: unknown } }).example?.access_token === 'string');

describe('login-like routes', () => {
  const loginLike = appModel.routes.filter((r) => r.auth.kind === 'public' && takesUsername(r.request?.body) && answersTokens(r));

  it('are the ones expected', () => {
    expect(loginLike.map((r) => r.operationId).sort()).toEqual(['completeNewPassword', 'login', 'respondToMfaChallenge']);
  });

  for (const route of loginLike) {
    it(`${route.operationId} counts failed sign-ins per account and may resolve the account`, () => {
      expect(route.rateLimit).toBe(FAILED_SIGN_INS_LIMIT);
      expect(route.rateLimit?.account).toBeDefined();
      expect(route.fn.access.userPool).toBe('signIn');
    });
  }
});
