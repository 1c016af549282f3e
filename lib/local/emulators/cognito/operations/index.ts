/**
 * Every operation the stand-in serves, by the name after `AWSCognitoIdentityProviderService.`
 * in `X-Amz-Target`. Adding an operation is adding an entry.
 */
import { accountRecoveryOperations } from './account-recovery';
import type { Operation } from './operation';
import { mfaOperations } from './mfa';
import { poolOperations } from './pools';
import { sessionOperations } from './sessions';
import { signInOperations } from './sign-in';
import { userOperations } from './users';

/** The operation table the server dispatches on. */
export const operations: Readonly<Record<string, Operation>> = {
  ...poolOperations,
  ...userOperations,
  ...signInOperations,
  ...sessionOperations,
  ...accountRecoveryOperations,
  ...mfaOperations,
};
