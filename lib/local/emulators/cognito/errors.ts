/**
 * Errors of the Cognito stand-in, in the shape the AWS SDK turns into its own exception
 * classes: HTTP 400, body `{ __type, message }` and the `x-amzn-errortype` header.
 */

/** The Cognito error codes the stand-in raises; each is an exception class of the SDK. */
export type CognitoErrorCode =
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'NotAuthorizedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException'
  | 'AliasExistsException'
  | 'UnsupportedUserStateException'
  | 'ResourceNotFoundException'
  | 'GroupExistsException'
  | 'ScopeDoesNotExistException'
  | 'InvalidOAuthFlowException'
  | 'UnsupportedOperationException'
  | 'UnsupportedTokenTypeException'
  | 'UserLambdaValidationException'
  | 'InvalidLambdaResponseException'
  | 'InternalErrorException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'LimitExceededException'

  | 'EnableSoftwareTokenMFAException'
  | 'SoftwareTokenMFANotFoundException';

/** A Cognito service error: thrown by operations, serialised by the server. */
export class CognitoError extends Error {
  override readonly name = 'CognitoError';

  constructor(
    readonly code: CognitoErrorCode,
    message: string,
    readonly statusCode = code === 'InternalErrorException' ? 500 : 400,
  ) {
    super(message);
  }
}

/** Shorthands for the errors raised in many places, with Cognito's own messages. */
export const errors = {
  invalidParameter: (message: string) => new CognitoError('InvalidParameterException', message),
  notAuthorized: (message: string) => new CognitoError('NotAuthorizedException', message),
  userNotFound: () => new CognitoError('UserNotFoundException', 'User does not exist.'),
  poolNotFound: (userPoolId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`),
  clientNotFound: (clientId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  groupNotFound: () => new CognitoError('ResourceNotFoundException', 'Group not found.'),
} as const;
