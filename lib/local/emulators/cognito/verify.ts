/**
 * The local gateway verifies tokens with the very code the live API's authorizer runs in
 * Lambda (`functions/adapters/cognito/cognito-jwt.ts`): one verification, two callers.
 */
export * from '#adapters/cognito/cognito-jwt';
