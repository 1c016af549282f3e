/**
 * Schemas built on first use: a lazy schema is not built by being declared, referenced
 * by another lazy schema or spread into a route list; it behaves as the schema it builds
 * (parse, shape, extend, instanceof), and zod's registries find metadata through it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { isBuilt, isLazy, lazySchema, resolveSchema } from '#lib/model/lazy-schema';
import { fieldVisibility, hiddenFrom } from '#lib/model/types';

describe('lazySchema', () => {
  it('builds once, on the first read of a property, not on declaration', () => {
    let builds = 0;
    const Name = lazySchema(() => {
      builds += 1;
      return z.string().min(2);
    });
    const Body = lazySchema(() => z.strictObject({ name: Name }));
    expect(builds).toBe(0);
    expect(isBuilt(Body)).toBe(false);
    expect(Body.parse({ name: 'ok' })).toEqual({ name: 'ok' });
    expect(Body.safeParse({ name: 'x' }).success).toBe(false);
    expect(Body.safeParse({ name: 'ok', extra: 1 }).success).toBe(false);
    expect(builds).toBe(1);
    expect(isBuilt(Body)).toBe(true);
  });

  it('acts as the schema it builds: shape, extend, instanceof, z.infer', () => {
    const Base = lazySchema(() => z.object({ id: z.string() }));
    const Extended = lazySchema(() => Base.extend({ n: z.int() }));
    const value: z.infer<typeof Extended> = Extended.parse({ id: 'a', n: 1 });
    expect(value).toEqual({ id: 'a', n: 1 });
    expect(Object.keys(Extended.shape)).toEqual(['id', 'n']);
    expect(Extended instanceof z.ZodObject).toBe(true);
    expect(resolveSchema(Extended)).not.toBe(Extended);
    expect(resolveSchema(resolveSchema(Extended))).toBe(resolveSchema(Extended));
  });

  it('spreads as a plain shape object', () => {
    const Fields = lazySchema(() => ({ a: z.string(), b: z.int().optional() }));
    const Obj = z.strictObject({ ...Fields, c: z.boolean() });
    expect(Object.keys(Obj.shape)).toEqual(['a', 'b', 'c']);
    expect(Obj.parse({ a: 'x', c: true })).toEqual({ a: 'x', c: true });
  });

  it('finds the metadata of the built schema through the proxy (global registry and fieldVisibility)', () => {
    const Id = lazySchema(() => z.string().meta({ example: 'ID-1' }));
    expect(z.globalRegistry.get(Id)).toEqual({ example: 'ID-1' });
    const Secret = lazySchema(() => hiddenFrom(['client'], z.string()));
    expect(fieldVisibility.get(Secret)?.hiddenFrom).toEqual(['client']);
    const json = z.toJSONSchema(z.object({ id: Id })) as { properties: { id: { example?: string } } };
    expect(json.properties.id.example).toBe('ID-1');
  });

  it('gives a JSON Schema with named components, as the built schema does', () => {
    const Thing = lazySchema(() => z.object({ name: z.string() }).meta({ id: 'LazyThing' }));
    const Page = lazySchema(() => z.object({ data: z.array(Thing), first: Thing.optional() }));
    const json = z.toJSONSchema(Page) as { $defs?: Record<string, unknown>; properties: Record<string, unknown> };
    expect(Object.keys(json.$defs ?? {})).toEqual(['LazyThing']);
    expect(json.properties.data).toEqual({ type: 'array', items: { $ref: '#/$defs/LazyThing' } });
  });
});

describe('the model', () => {
  const dir = (name: string) => path.resolve(import.meta.dirname, '../../../../lib/model', name);
  const modules = (name: string) => readdirSync(dir(name)).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir(name), f));

  it('builds no schema when every route list and schema module is imported (a cold start builds none)', async () => {
    for (const file of modules('routes')) await import(file);
    const eager: string[] = [];
    const unbuilt: string[] = [];
    for (const file of modules('schemas')) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        const where = `${path.basename(file)}: ${name}`;
        if (isLazy(value)) {
          if (!isBuilt(value as object)) unbuilt.push(where);
          else eager.push(`${where} (built at import)`);
        } else if (value instanceof z.ZodType) eager.push(`${where} (not lazy)`);
      }
    }
    expect(eager).toEqual([]);
    expect(unbuilt.length).toBeGreaterThan(150);
  });
});
