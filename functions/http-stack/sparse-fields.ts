/**
 * Sparse fieldsets (`?fields=id,name,location.lat`): the fields a read may ask for
 * come from the response schema declared in the model; the projection keeps only
 * those of what the handler returned, so it can never reveal a field the handler
 * hid from the caller.
 *
 * Fields declared hidden from a role (`hiddenFrom` in the model) are one general
 * rule for every route: they are not selectable for that role (naming one is 400,
 * exactly as an unknown field, so their existence is not revealed) and are removed
 * from every answer whose schema holds them (objects, pages, nested objects).
 */
import { hiddenOf, pageItem } from '#lib/model/field-paths';
import type { Role, RouteDecl } from '#lib/model/types';
import { ValidationFailed } from '#platform/errors';

/** Removes the dot paths from an object (a copy; other fields untouched). */
function withoutPaths(value: unknown, paths: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || paths.length === 0) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const path of paths) {
    const [head, ...rest] = path.split('.') as [string, ...string[]];
    if (!(head in out)) continue;
    if (rest.length === 0) delete out[head];
    else out[head] = withoutPaths(out[head], [rest.join('.')]);
  }
  return out;
}

/**
 * An answer of `route` with status `status` without the fields hidden from `role`
 * (no role, e.g. a machine client: unchanged). Lists lose them in every item.
 */
export function withoutHiddenFields(route: RouteDecl, status: number, role: Role | undefined, body: unknown): unknown {
  const schema = route.responses[status]?.schema;
  if (!role || !schema || !body || typeof body !== 'object') return body;
  const hidden = hiddenOf(schema, role);
  if (hidden.length === 0) return body;
  const page = body as { data?: unknown[] };
  if (pageItem(schema) && Array.isArray(page.data)) return { ...page, data: page.data.map((item) => withoutPaths(item, hidden)) };
  return withoutPaths(body, hidden);
}

/** Parses and checks `?fields=`; undefined when absent. */
export function parseFields(raw: string | undefined, allowed: readonly string[]): string[] | undefined {
  if (raw === undefined) return undefined;
  const fields = raw.split(',').map((f) => f.trim()).filter(Boolean);
  if (fields.length === 0) throw new ValidationFailed('fields is empty', [{ path: 'query.fields', message: 'name at least one field' }]);
  const unknown = fields.filter((f) => !allowed.includes(f));
  if (unknown.length) {
    throw new ValidationFailed(`Unknown field(s): ${unknown.join(', ')}`, [
      { path: 'query.fields', message: `unknown: ${unknown.join(', ')}; allowed: ${allowed.join(', ')}` },
    ]);
  }
  return fields;
}

/** Keeps only the given dot paths of an object (and always its `id`). */
export function project(value: unknown, fields: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  if ('id' in source) out.id = source.id;
  for (const field of fields) {
    const [head, ...rest] = field.split('.') as [string, ...string[]];
    if (!(head in source)) continue;
    if (rest.length === 0) out[head] = source[head];
    else if (source[head] && typeof source[head] === 'object') {
      const nested = project(source[head], [rest.join('.')]) as Record<string, unknown>;
      if (rest.join('.') !== 'id') delete nested.id;
      out[head] = { ...(out[head] as object | undefined), ...nested };
    }
  }
  return out;
}
