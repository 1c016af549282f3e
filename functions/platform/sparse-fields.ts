/**
 * Sparse fieldsets (`?fields=id,name,location.lat`): the fields a read may ask for
 * come from the response schema declared in the model; the projection keeps only
 * those of what the handler returned, so it can never reveal a field the handler
 * hid from the caller.
 */
import type { z } from 'zod';
import type { RouteDecl } from '#lib/model/types';
import { ValidationFailed } from './errors';

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

/** The fields a route's answers can be trimmed to (its GET 200 schema), or none. */
export function selectableFields(route: RouteDecl): string[] {
  const schema = route.method === 'GET' ? route.responses[200]?.schema : undefined;
  if (!schema) return [];
  return fieldPaths(pageItem(schema) ?? schema);
}
