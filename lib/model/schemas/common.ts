/**
 * Schemas shared by every route: identifiers, pagination, timestamps and the
 * RFC 9457 problem document. Request schemas are strict (unknown fields are
 * refused) so a typo never silently does nothing.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';

/** Server-generated identifiers are ULIDs: sortable by creation time. */
export const Id = lazySchema(() => z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID').meta({ example: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' }));

export const IdParams = lazySchema(() => z.strictObject({ id: Id }));

export const IsoDateTime = lazySchema(() => z.iso.datetime({ offset: true }).meta({ example: '2026-11-21T09:30:00Z' }));

/**
 * A file name as a person gave it, for every route that takes one. Refused: path
 * separators and quotes (it goes into Content-Disposition), control characters (C0,
 * DEL, C1), line and paragraph separators, and the bidirectional controls (U+061C,
 * U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) that make `facture\u202Efdp.exe` show
 * as `factureexe.pdf`.
 */
export const FileName = lazySchema(() => z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\"\p{Cc}\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]+$/u, 'no slashes, quotes, control characters or bidirectional controls')
  .meta({ example: 'fuite-trottoir.jpg' }));

/** `?limit=&cursor=` on every list. */
export const PageQuery = lazySchema(() => z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
}));

/** Fields every stored resource carries. */
export const ResourceMeta = lazySchema(() => ({
  id: Id,
  version: z.int().min(1),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
}));

/** `{data, nextCursor}`, the shape of every list response. */
export function pageOf<T extends z.ZodType>(item: T) {
  return lazySchema(() => z.object({ data: z.array(item), nextCursor: z.string().nullable() }));
}

export const Problem = lazySchema(() => z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    allowed: z.array(z.string()).optional(),
    accepted: z.array(z.string()).optional().describe('UNSUPPORTED_MEDIA_TYPE: the media types the route accepts'),
    allowedStatuses: z.array(z.string()).optional().describe('NOT_ASSIGNABLE: the statuses a work order can be assigned from'),
    documentStatus: z.enum(['pending', 'available', 'rejected']).optional().describe('DOCUMENT_NOT_AVAILABLE: the status of the document named'),
    conflicts: z
      .array(z.object({ kind: z.enum(['overlap', 'day-off', 'outside-working-hours']) }).catchall(z.unknown()))
      .optional()
      .describe('SCHEDULE_CONFLICT: every overlap, day off and working-hours conflict of the visit'),
    rows: z
      .array(z.object({ row: z.int(), field: z.string(), message: z.string() }))
      .optional()
      .describe('INVALID_SAMPLES, CONFLICTING_SAMPLE: every mistake in the lab results, by row (1 = the first sample; 0 = the CSV header)'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable code' }));

export const Location = lazySchema(() => z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
}));

/** A non-blank, trimmed, bounded string. */
export const Text = (max: number) => z.string().trim().min(1).max(max);
