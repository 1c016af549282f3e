/**
 * `lazySchema(() => z....)`: a schema built on first use, once. Every schema of
 * `lib/model/schemas` is declared through it, so a function that imports its resource's
 * route list builds only the schemas its own route touches, when a request first needs
 * them, not the few hundred zod objects of the resource at cold start (15-30 ms of CPU
 * per function, `npm run bench:cold`). Readers see the same declarations as before:
 * `export const Asset = lazySchema(() => z.object({...}))` has the type of the schema.
 *
 * The value is a Proxy that forwards every property to the built schema (zod's methods
 * are closures over their instance, so `Asset.parse`, `.shape`, `.extend(...)` act on
 * the real one). A proxy may end up inside another schema (`z.object({ id: Id })`); zod
 * looks schemas up by identity in two places, its metadata registries (examples, ids,
 * descriptions; `fieldVisibility`) and its JSON Schema walk. The registries here see
 * through proxies ({@link seeThroughProxies}), and the walk only counts a schema met
 * twice, which changes nothing with zod's default `reused: 'inline'`.
 */
import * as z from 'zod';

/**
 * The builders of lazy schemas and the ones built, kept once per process (not per module
 * instance): zod's registries are patched once, and a second instance of this module (a
 * test that resets its module cache) must see the same proxies through them.
 */
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('hydrant.lazySchema')] ??= {
  builders: new WeakMap<object, () => object>(),
  builtOnes: new WeakSet<object>(),
}) as { readonly builders: WeakMap<object, () => object>; readonly builtOnes: WeakSet<object> };
const { builders, builtOnes } = shared;
const PATCHED = Symbol.for('hydrant.lazySchema.patched');

/** The schema `build` returns, built when a property of it is first read. */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built === undefined) {
      built = build();
      builtOnes.add(proxy);
    }
    return built;
  };
  const proxy = new Proxy({} as T, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  builders.set(proxy, real);
  return proxy;
}

/** The schema behind a lazy one (built now if it was not), or `schema` itself. */
export function resolveSchema<T>(schema: T): T {
  let current: unknown = schema;
  for (let build = builders.get(current as object); build; build = builders.get(current as object)) current = build();
  return current as T;
}

/** Whether `value` was declared through {@link lazySchema}. */
export function isLazy(value: unknown): boolean {
  return typeof value === 'object' && value !== null && builders.has(value);
}

/** Whether `schema` is built: false only for a lazy schema nothing has read yet. */
export function isBuilt(schema: object): boolean {
  return !builders.has(schema) || builtOnes.has(schema);
}

interface RegistryInternals {
  _map: WeakMap<object, unknown>;
}

/**
 * Makes a zod registry key its entries by the real schema, so metadata given to a schema
 * is found through any lazy proxy of it. Reaches into `$ZodRegistry._map` (zod 4.1; the
 * unit test of this module fails if that changes).
 */
export function seeThroughProxies(registry: object): void {
  const marked = registry as Record<symbol, unknown>;
  if (marked[PATCHED]) return;
  marked[PATCHED] = true;
  const internals = registry as unknown as RegistryInternals;
  const inner = internals._map;
  if (!(inner instanceof WeakMap)) throw new Error('zod registry internals changed: _map is no longer a WeakMap');
  const key = (schema: object) => resolveSchema(schema);
  internals._map = {
    get: (schema: object) => inner.get(key(schema)),
    has: (schema: object) => inner.has(key(schema)),
    set(schema: object, meta: unknown) {
      inner.set(key(schema), meta);
      return this;
    },
    delete: (schema: object) => inner.delete(key(schema)),
  } as unknown as WeakMap<object, unknown>;
}

seeThroughProxies(z.globalRegistry);
