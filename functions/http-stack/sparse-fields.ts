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
import type { z } from 'zod';
import { fieldVisibility, type Role, type RouteDecl } from '#lib/model/types';
import { ValidationFailed } from '#platform/errors';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((def.type === 'nullable' || def.type === 'optional' || def.type === 'default' || def.type === 'readonly') && def.innerType) current = def.innerType;
    else return current;
  }
}

/** Whether a response schema is a list page (`{data: [...], nextCursor}`), and its item schema. */
export function pageItem(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  const data = def.type === 'object' ? def.shape?.data : undefined;
  if (!data || !def.shape || !('nextCursor' in def.shape)) return undefined;
  const dataDef = defOf(unwrap(data));
  return dataDef.type === 'array' ? dataDef.element : undefined;
}

/** Every selectable dot path of an object schema. */
export function fieldPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    return [path, ...fieldPaths(child, `${path}.`)];
  });
}

/** Whether the model hides this field (any of its wrappers) from `role`. */
function hiddenFor(schema: z.ZodType, role: Role): boolean {
  let current: z.ZodType | undefined = schema;
  while (current) {
    if (fieldVisibility.get(current)?.hiddenFrom.includes(role)) return true;
    const def = defOf(current);
    current = def.type === 'nullable' || def.type === 'optional' || def.type === 'default' || def.type === 'readonly' ? def.innerType : undefined;
  }
  return false;
}

/** The dot paths of an object schema hidden from `role` (a hidden object hides its sub-paths with it). */
export function hiddenPaths(schema: z.ZodType, role: Role, prefix = ''): string[] {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    return hiddenFor(child, role) ? [path] : hiddenPaths(child, role, `${path}.`);
  });
}

const isUnder = (path: string, hidden: readonly string[]) => hidden.some((h) => path === h || path.startsWith(`${h}.`));

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

const hiddenCache = new WeakMap<z.ZodType, Map<Role, string[]>>();

/** The paths of a response schema (or of its page items) hidden from `role`, computed once per schema and role. */
function hiddenOf(schema: z.ZodType, role: Role): string[] {
  let byRole = hiddenCache.get(schema);
  if (!byRole) hiddenCache.set(schema, (byRole = new Map()));
  let paths = byRole.get(role);
  if (!paths) byRole.set(role, (paths = hiddenPaths(pageItem(schema) ?? schema, role)));
  return paths;
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

/** Computed once per route and role: the request path only looks them up. */
const selectableCache = new WeakMap<RouteDecl, Map<Role | '', string[]>>();

/**
 * The fields a route's answers can be trimmed to (its GET 200 schema), or none; for a
 * `role`, without the fields hidden from it.
 */
export function selectableFields(route: RouteDecl, role?: Role): string[] {
  let byRole = selectableCache.get(route);
  if (!byRole) selectableCache.set(route, (byRole = new Map()));
  let fields = byRole.get(role ?? '');
  if (!fields) byRole.set(role ?? '', (fields = computeSelectable(route, role)));
  return fields;
}

function computeSelectable(route: RouteDecl, role?: Role): string[] {
  const schema = route.method === 'GET' ? route.responses[200]?.schema : undefined;
  if (!schema) return [];
  const all = fieldPaths(pageItem(schema) ?? schema);
  if (!role) return all;
  const hidden = hiddenOf(schema, role);
  return hidden.length ? all.filter((p) => !isUnder(p, hidden)) : all;
}
