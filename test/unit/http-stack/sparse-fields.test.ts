/** Fields hidden by role: one rule for selection (?fields=) and for every answer. */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { hiddenFrom, type RouteDecl } from '#lib/model/types';
import { hiddenPaths, selectableFields } from '#lib/model/field-paths';
import { parseFields, withoutHiddenFields } from '#http-stack/sparse-fields';

const Thing = z.object({
  id: z.string(),
  name: z.string(),
  secretCode: hiddenFrom(['client'], z.string()),
  owner: z.object({ name: z.string(), phone: hiddenFrom(['client', 'technician'], z.string().nullable()) }),
  internal: hiddenFrom(['client'], z.object({ cost: z.number() })),
});
const Page = z.object({ data: z.array(Thing), nextCursor: z.string().nullable() });

const route = (schema: z.ZodType, method: 'GET' | 'POST' = 'GET', status = 200): RouteDecl => ({
  operationId: 'x',
  method,
  path: '/v1/things',
  summary: 'x',
  tag: 'x',
  handler: 'x',
  auth: { kind: 'authenticated', roles: ['admin', 'client'] },
  apiKey: true,
  responses: { [status]: { description: 'x', schema } },
  fn: { access: {} },
});

const thing = { id: '1', name: 'n', secretCode: 's', owner: { name: 'o', phone: 'p' }, internal: { cost: 3 } };

describe('fields hidden by role', () => {
  it('finds hidden paths, nested ones included, per role', () => {
    expect(hiddenPaths(Thing, 'client')).toEqual(['secretCode', 'owner.phone', 'internal']);
    expect(hiddenPaths(Thing, 'technician')).toEqual(['owner.phone']);
    expect(hiddenPaths(Thing, 'admin')).toEqual([]);
  });

  it('leaves them out of what the role may select (a hidden object with its sub-paths)', () => {
    const get = route(Thing);
    expect(selectableFields(get)).toContain('internal.cost');
    expect(selectableFields(get, 'client')).toEqual(['id', 'name', 'owner', 'owner.name']);
    expect(() => parseFields('name,secretCode', selectableFields(get, 'client'))).toThrow(/Unknown field\(s\): secretCode/);
    expect(parseFields('name,secretCode', selectableFields(get, 'admin'))).toEqual(['name', 'secretCode']);
  });

  it('removes them from objects and page items for that role only; a role-less machine client sees everything', () => {
    expect(withoutHiddenFields(route(Thing), 200, 'client', thing)).toEqual({ id: '1', name: 'n', owner: { name: 'o' } });
    expect(withoutHiddenFields(route(Thing), 200, 'technician', thing)).toEqual({ ...thing, owner: { name: 'o' } });
    expect(withoutHiddenFields(route(Thing), 200, 'admin', thing)).toEqual(thing);
    expect(withoutHiddenFields(route(Thing), 200, undefined, thing)).toEqual(thing);
    const page = withoutHiddenFields(route(Page), 200, 'client', { data: [thing, thing], nextCursor: null }) as { data: unknown[] };
    expect(page.data).toEqual([{ id: '1', name: 'n', owner: { name: 'o' } }, { id: '1', name: 'n', owner: { name: 'o' } }]);
    // Every answer with the schema, a creation's too.
    expect(withoutHiddenFields(route(Thing, 'POST', 201), 201, 'client', thing)).not.toHaveProperty('secretCode');
    expect(thing.secretCode).toBe('s');
  });

  it('documents the field as optional with a note', () => {
    const json = z.toJSONSchema(Thing, { io: 'output' }) as { required: string[]; properties: Record<string, { description?: string }> };
    expect(json.required).not.toContain('secretCode');
    expect(json.properties.secretCode!.description).toBe('Not shown to client users.');
  });
});
