/** The health route's answer. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';

export const Health = lazySchema(() => z
  .object({ status: z.literal('ok'), version: z.string(), time: z.string() })
  .meta({ id: 'Health' }));
