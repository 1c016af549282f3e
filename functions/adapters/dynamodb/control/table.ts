/** The control table: platform data of every route (key policies, counters, idempotency records). */
import * as z from 'zod';
import { readEnv } from '#platform/config';

export const controlTableName = readEnv({ CONTROL_TABLE_NAME: z.string().min(1) }).CONTROL_TABLE_NAME;
