/** The application table (business data) and the key prefix every tenant-owned key starts with. */
import * as z from 'zod';
import { readEnv } from '#platform/config';

export { documentClient } from './document-client';

export const tableName = readEnv({ TABLE_NAME: z.string().min(1) }).TABLE_NAME;

/** The prefix of every partition key: no key is ever built without a tenant. */
export const tenantKey = (tenantId: string, ...parts: string[]): string => ['T', tenantId, ...parts].join('#');
