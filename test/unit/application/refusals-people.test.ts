/** The People section of the refusals: each domain refusal becomes its typed error, status and code. */
import { describe, expect, it } from 'vitest';
import { refuseClaim, refuseClientOfRole, refusePassword, refuseRedirectUris, refuseSelfAdministration } from '#application/refusals';
import { AppError } from '#platform/errors';

/** What the problem+json of the error thrown by `refuse` would say. */
function problemOf(refuse: () => never) {
  try {
    refuse();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { status: e.status, code: e.code, detail: e.message, ...e.extensions };
  }
  throw new Error('nothing was thrown');
}

describe('People refusals', () => {
  it('an admin changing their own access or erasing themself is a 409 with the refusal as code', () => {
    expect(problemOf(() => refuseSelfAdministration('CANNOT_CHANGE_OWN_ACCESS'))).toEqual({
      status: 409,
      code: 'CANNOT_CHANGE_OWN_ACCESS',
      detail: 'You cannot deactivate yourself or change your own role',
    });
    expect(problemOf(() => refuseSelfAdministration('CANNOT_ERASE_SELF'))).toEqual({ status: 409, code: 'CANNOT_ERASE_SELF', detail: 'Erase your account through another administrator' });
  });

  it("a user's client that does not fit the role is a 400 on body.clientId", () => {
    expect(problemOf(() => refuseClientOfRole('clientId is required for a client user'))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'clientId is required for a client user',
      errors: [{ path: 'body.clientId', message: 'clientId is required for a client user' }],
    });
  });

  it('a refused password is a 400 PASSWORD_POLICY on the field that holds it', () => {
    expect(problemOf(() => refusePassword('too-short'))).toMatchObject({ status: 400, code: 'PASSWORD_POLICY', errors: [{ path: 'body.newPassword' }] });
    expect(problemOf(() => refusePassword('common', 'body.password'))).toMatchObject({ code: 'PASSWORD_POLICY', errors: [{ path: 'body.password' }] });
  });

  it('nothing pending to claim is a 409 NO_PENDING_VALUE', () => {
    expect(problemOf(() => refuseClaim('NO_PENDING_VALUE'))).toMatchObject({ status: 409, code: 'NO_PENDING_VALUE' });
  });

  it('refused redirect URIs are a 400 naming each one', () => {
    const problems = [{ path: 'callbackUrls.1', message: 'must use https' }];
    expect(problemOf(() => refuseRedirectUris(problems))).toEqual({ status: 400, code: 'VALIDATION_FAILED', detail: 'Redirect URIs must be exact https URLs', errors: problems });
  });
});
