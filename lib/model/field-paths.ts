/**
 * The fields of a route's answers, read from the response schemas declared in the model:
 * every selectable dot path (for `?fields=`), and the paths hidden from a role
 * (`hiddenFrom`). Pure functions of the model: the HTTP stack uses them to select and
 * hide fields, `lib/openapi.ts` to document them.
 */
import type { z } from 'zod';
import { fieldVisibility, type Role, type RouteDecl } from './types';

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

const hiddenCache = new WeakMap<z.ZodType, Map<Role, string[]>>();

/** The paths of a response schema (or of its page items) hidden from `role`, computed once per schema and role. */
export function hiddenOf(schema: z.ZodType, role: Role): string[] {
  let byRole = hiddenCache.get(schema);
  if (!byRole) hiddenCache.set(schema, (byRole = new Map()));
  let paths = byRole.get(role);
  if (!paths) byRole.set(role, (paths = hiddenPaths(pageItem(schema) ?? schema, role)));
  return paths;
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
  // A body sent as is (its own media type) is never projected.
  if (!schema || route.responses[200]?.contentType) return [];
  const all = fieldPaths(pageItem(schema) ?? schema);
  if (!role) return all;
  const hidden = hiddenOf(schema, role);
  return hidden.length ? all.filter((p) => !isUnder(p, hidden)) : all;
}
