/**
 * How an operation of the Cognito JSON protocol is declared: a zod schema of its input and
 * a function from the parsed input to the output object. The server dispatches
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Name>` to the operation of that name.
 */
import * as z from 'zod';
import type { RequestMeta, StandInContext } from '../context';
import { errors } from '../errors';

/** One operation of the Cognito API. */
export interface Operation<S extends z.ZodType = z.ZodType> {
  readonly input: S;
  run(ctx: StandInContext, input: z.output<S>, meta: RequestMeta): Promise<object>;
}

/** Declares an operation; the types of `run` follow from the schema. */
export function operation<S extends z.ZodType>(
  input: S,
  run: (ctx: StandInContext, input: z.output<S>, meta: RequestMeta) => Promise<object>,
): Operation<S> {
  return { input, run };
}

/**
 * Parses the input and runs the operation. Invalid input raises `InvalidParameterException`
 * with a message in the style of Cognito's validation errors.
 */
export async function invokeOperation(op: Operation, ctx: StandInContext, body: unknown, meta: RequestMeta): Promise<object> {
  const parsed = op.input.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const detail = issues.map((i) => `Value at '${i.path.join('.')}' failed to satisfy constraint: ${i.message}`).join('; ');
    throw errors.invalidParameter(`${issues.length} validation error${issues.length > 1 ? 's' : ''} detected: ${detail}`);
  }
  return op.run(ctx, parsed.data, meta);
}

/** Input fields shared by many operations, with Cognito's length limits. */
export const fields = {
  userPoolId: z.string().min(1).max(55),
  clientId: z.string().min(1).max(128),
  username: z.string().min(1).max(128),
  groupName: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
  token: z.string().min(1),
  attributes: z.array(z.object({ Name: z.string().min(1).max(32), Value: z.string().max(2048).optional() })),
  stringMap: z.record(z.string(), z.string()),
};

/** A date as the JSON protocol carries timestamps: epoch seconds. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
