/**
 * The GraphQL schema never disagrees with the REST model: each object type's fields are
 * fields of the REST resource it mirrors, with the same scalar types, nullability and enum
 * values; each input's fields are fields of the REST body; every fetching field names a REST
 * operation; and schema.graphql is the generated copy of the schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { GRAPHQL_FIELD_OPERATIONS, GRAPHQL_SCHEMA, GRAPHQL_TYPE_SOURCES } from '#lib/model/graphql/schema';
import { appModel } from '#lib/model/index';
import { GENERATED } from '../../../../../scripts/generate';

type Json = { type?: string; enum?: unknown[]; anyOf?: Json[]; properties?: Record<string, Json>; required?: string[]; items?: Json; $ref?: string; $defs?: Record<string, Json> };
type GqlType = GraphQLOutputType | GraphQLInputType;

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const SCALARS: Record<string, string[]> = { ID: ['string'], String: ['string'], Int: ['integer'], Float: ['number'], Boolean: ['boolean'] };

/** Disagreements between a GraphQL type and the JSON Schema of the REST field it mirrors. */
function disagreements(type: GqlType, json: Json, defs: Record<string, Json>, where: string, io: 'input' | 'output'): string[] {
  const resolve = (j: Json): Json => (j.$ref ? resolve(defs[j.$ref.replace('#/$defs/', '')] ?? {}) : j);
  let schema = resolve(json);
  const nullable = schema.anyOf?.some((b) => b.type === 'null') ?? false;
  if (schema.anyOf) schema = resolve(schema.anyOf.find((b) => b.type !== 'null') ?? {});
  if (isNonNullType(type) && nullable) return [`${where}: non-null in GraphQL, nullable in REST`];
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (schema.type !== 'array' || !schema.items) return [`${where}: a list in GraphQL, not in REST`];
    return disagreements(inner.ofType, schema.items, defs, `${where}[]`, io);
  }
  if (isEnumType(inner)) {
    const values = inner.getValues().map((v) => v.value as string).sort();
    return JSON.stringify(values) === JSON.stringify([...(schema.enum ?? [])].map(String).sort()) ? [] : [`${where}: enum ${values.join(',')} vs REST ${JSON.stringify(schema.enum)}`];
  }
  if (isScalarType(inner)) {
    if (schema.enum) {
      // A REST enum may only be a GraphQL String when its values cannot be GraphQL enum values.
      return inner.name === 'String' && schema.enum.some((v) => !GRAPHQL_NAME.test(String(v))) ? [] : [`${where}: REST enum ${JSON.stringify(schema.enum)} should be a GraphQL enum`];
    }
    return SCALARS[inner.name]?.includes(schema.type ?? '') ? [] : [`${where}: ${inner.name} in GraphQL, ${schema.type ?? JSON.stringify(schema)} in REST`];
  }
  if (isObjectType(inner) || isInputObjectType(inner)) {
    if (schema.type !== 'object' || !schema.properties) return [`${where}: an object in GraphQL, not in REST`];
    return Object.values(inner.getFields()).flatMap((field) => {
      if (GRAPHQL_FIELD_OPERATIONS[`${inner.name}.${field.name}`]) return [];
      const rest = schema.properties?.[field.name];
      if (!rest) return [`${where}.${field.name}: not a field of the REST resource`];
      if (isNonNullType(field.type) && !schema.required?.includes(field.name)) return [`${where}.${field.name}: non-null in GraphQL, optional in REST`];
      return disagreements(field.type, rest, defs, `${where}.${field.name}`, io);
    });
  }
  return [`${where}: unsupported GraphQL type ${String(inner)}`];
}

const schema = buildSchema(GRAPHQL_SCHEMA);

describe('the GraphQL schema and the REST model', () => {
  it.each(Object.keys(GRAPHQL_TYPE_SOURCES))('%s has only REST fields, of the same types', (name) => {
    const type = schema.getType(name);
    expect(type && (isObjectType(type) || isInputObjectType(type))).toBe(true);
    const io = type && isInputObjectType(type) ? 'input' : 'output';
    const source = GRAPHQL_TYPE_SOURCES[name] as () => z.ZodType;
    const json = z.toJSONSchema(source(), { io, unrepresentable: 'any' }) as Json;
    expect(disagreements(type as GqlType, json, json.$defs ?? {}, name, io)).toEqual([]);
  });

  it('reports a field REST does not have, a wrong scalar, a nullable field made non-null and a different enum', () => {
    const wrong = buildSchema(`type Query { a: A } enum E { x y } type A { missing: String, count: String, name: String!, e: E }`);
    const json = z.toJSONSchema(z.object({ count: z.int(), name: z.string().nullable(), e: z.enum(['x', 'z']) })) as Json;
    expect(disagreements(wrong.getType('A') as GqlType, json, {}, 'A', 'output')).toEqual([
      'A.missing: not a field of the REST resource',
      'A.count: String in GraphQL, integer in REST',
      'A.name: non-null in GraphQL, nullable in REST',
      'A.e: enum x,y vs REST ["x","z"]',
    ]);
  });

  it('every object type that holds REST data is checked, directly or through a checked field', () => {
    const checked = new Set<string>();
    const visit = (name: string) => {
      const type = schema.getType(name);
      if (!type || checked.has(name) || !(isObjectType(type) || isInputObjectType(type))) return;
      checked.add(name);
      for (const field of Object.values(type.getFields())) {
        if (GRAPHQL_FIELD_OPERATIONS[`${name}.${field.name}`]) continue;
        const inner = getNullableType(field.type);
        visit(String(isListType(inner) ? getNullableType(inner.ofType) : inner));
      }
    };
    Object.keys(GRAPHQL_TYPE_SOURCES).forEach(visit);
    const plumbing = (n: string) => n.startsWith('__') || /(Connection|Edge)$/.test(n) || ['Query', 'Mutation', 'PageInfo'].includes(n);
    const dataTypes = Object.values(schema.getTypeMap()).filter((t) => (isObjectType(t) || isInputObjectType(t)) && !plumbing(t.name)).map((t) => t.name);
    expect(dataTypes.filter((n) => !checked.has(n))).toEqual([]);
  });

  it('every root field and every link names a REST operation of the model, and every fetching field is listed', () => {
    const operations = new Set(appModel.routes.map((r) => r.operationId));
    expect(Object.values(GRAPHQL_FIELD_OPERATIONS).filter((op) => !operations.has(op))).toEqual([]);
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.keys(root?.getFields() ?? {})) expect(GRAPHQL_FIELD_OPERATIONS[`${root?.name}.${field}`]).toBeDefined();
    }
    for (const key of Object.keys(GRAPHQL_FIELD_OPERATIONS)) {
      const [type, field] = key.split('.') as [string, string];
      expect((schema.getType(type) as { getFields?: () => Record<string, unknown> }).getFields?.()[field]).toBeDefined();
    }
  });

  it('schema.graphql is the generated copy of the schema', () => {
    const file = readFileSync(path.resolve(import.meta.dirname, '../../../../../lib/model/graphql/schema.graphql'), 'utf8');
    expect(file).toBe(GENERATED['lib/model/graphql/schema.graphql']());
  });
});
