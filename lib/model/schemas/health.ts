/** The health route's answer. */
import * as z from 'zod';

export const Health = z
  .object({ status: z.literal('ok'), version: z.string(), time: z.string() })
  .meta({ id: 'Health' });
