/**
 * What every resolver gets: the caller (the same Principal REST builds from the token),
 * where the call came from (for the audit trail), the audit log, and a per-request memo
 * so a lookup asked by many parents (the asset of each work order) runs once.
 */
import type { Principal } from '#domain/principal';
import type { AuditStore } from '#http-stack/ports';

export interface GraphqlCaller {
  /** Undefined when the token carried none: every field then refuses with UNAUTHORIZED. */
  readonly principal: Principal | undefined;
  /** The token's scopes as granted (`hydrant/...`), checked as the REST authorizer does. */
  readonly tokenScopes: readonly string[];
  readonly apiKeyId: string | null;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
}

export interface GraphqlContext extends GraphqlCaller {
  readonly audit: AuditStore;
  readonly memo: Map<string, Promise<unknown>>;
}

export const graphqlContext = (caller: GraphqlCaller, audit: AuditStore): GraphqlContext => ({ ...caller, audit, memo: new Map() });

/** The value of `key` for this request: computed once, shared by every resolver that asks. */
export function memoized<T>(context: GraphqlContext, key: string, load: () => Promise<T>): Promise<T> {
  let found = context.memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    context.memo.set(key, found);
  }
  return found;
}
