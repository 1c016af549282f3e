import * as z from 'zod';
import { lazySchema } from '../lazy-schema';

/** Request headers an operation may set; the rest (auth, key) come from the batch call itself. */
export const BATCH_OPERATION_HEADERS = ['if-match', 'if-none-match', 'idempotency-key'] as const;

export const BatchBody = lazySchema(() => z.strictObject({
  operations: z
    .array(
      z.strictObject({
        method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        path: z.string().regex(/^\/v\d+\/[^\s#]*$/, 'an API path such as /v1/sites/{id}').max(2048),
        body: z.unknown().optional(),
        headers: z.partialRecord(z.enum(BATCH_OPERATION_HEADERS), z.string().max(1024)).optional(),
      }),
    )
    .min(1)
    .max(100),
  atomic: z.boolean().default(false),
}));

export const BatchResult = lazySchema(() => z
  .object({
    /** Atomic batches only: whether every operation was committed. */
    committed: z.boolean().optional(),
    results: z.array(z.object({ status: z.int(), body: z.unknown().optional() })),
  })
  .meta({ id: 'BatchResult' }));

export const batchExample = {
  operations: [
    { method: 'POST', path: '/v1/sites', body: { name: 'Station Sud', address: '8 quai Perrache, Lyon', location: { lat: 45.74, lon: 4.82 } } },
    { method: 'PATCH', path: '/v1/assets/01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C', body: { status: 'down' }, headers: { 'if-match': '"v2"' } },
  ],
  atomic: true,
};

export const batchResultExample = {
  committed: true,
  results: [
    { status: 201, body: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A9F', name: 'Station Sud' } },
    { status: 200, body: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C', status: 'down', version: 3 } },
  ],
};
