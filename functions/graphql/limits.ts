/**
 * The depth and cost of a query, measured before anything runs (the seed's checklist:
 * depth 5, a complexity limit with a documented cost per field).
 *
 * Depth: every field is a level, except a connection's `edges` and `node` (plumbing, not
 * a resource); introspection fields (`__schema`, `__type`, `__typename`) are not counted.
 * Cost: a field that runs a REST operation (`GRAPHQL_FIELD_OPERATIONS`) costs 1, any
 * other 0; a connection (a type named `...Connection`) multiplies the cost of its
 * selection by `first` (default `DEFAULT_PAGE_SIZE`), the most items it can hold.
 */
import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, GRAPHQL_FIELD_OPERATIONS } from '#lib/model/graphql/schema';

export interface QueryMeasure {
  readonly depth: number;
  readonly cost: number;
}

const PLUMBING = new Set(['edges', 'node']);

/** Depth and cost of `operation`, with its variables already coerced. */
export function measureQuery(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Readonly<Record<string, unknown>>,
): QueryMeasure {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const visiting = new Set<string>();

  const walk = (set: SelectionSetNode | undefined, parent: GraphQLObjectType | null): QueryMeasure => {
    let depth = 0;
    let cost = 0;
    for (const selection of set?.selections ?? []) {
      let inner: QueryMeasure;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const definition = parent?.getFields()[name];
        if (name.startsWith('__') || !parent || !definition) continue;
        const type = getNamedType(definition.type);
        const below = walk(selection.selectionSet, isObjectType(type) ? type : null);
        const own = GRAPHQL_FIELD_OPERATIONS[`${parent.name}.${name}`] ? 1 : 0;
        const items = type.name.endsWith('Connection') ? Number(getArgumentValues(definition, selection, variables as Record<string, unknown>).first ?? DEFAULT_PAGE_SIZE) : 1;
        inner = { depth: below.depth + (PLUMBING.has(name) && parent.name.match(/(Connection|Edge)$/) ? 0 : 1), cost: own + Math.max(items, 0) * below.cost };
      } else {
        // A fragment is measured where it is spread, as if written there; a cycle (refused by validation) counts once.
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : undefined;
        if (fragment && visiting.has(fragment.name.value)) continue;
        if (fragment) visiting.add(fragment.name.value);
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment?.typeCondition;
        const type = condition ? schema.getType(condition.name.value) : parent;
        inner = walk(selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment?.selectionSet, type && isObjectType(type) ? type : null);
        if (fragment) visiting.delete(fragment.name.value);
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
    return { depth, cost };
  };
  return walk(operation.selectionSet, root ?? null);
}
