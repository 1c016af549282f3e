/** Matches a method and path against the model's API Gateway path templates. */
import type { RouteDecl } from './types';

interface CompiledRoute {
  readonly route: RouteDecl;
  readonly pattern: RegExp;
  readonly names: string[];
  /** Literal segments win over parameters, as in API Gateway. */
  readonly literalSegments: number;
}

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: RouteDecl; readonly pathParameters: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: string[] }
  | { readonly kind: 'not-found' };

export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly RouteDecl[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const segments = route.path.split('/').slice(1);
      const source = segments
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (param) {
            names.push(param[1] as string);
            return '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { route, pattern: new RegExp(`^/${source}/?$`), names, literalSegments: segments.filter((s) => !s.startsWith('{')).length };
    });
    this.compiled.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  match(method: string, pathname: string): RouteMatch {
    const allowed: string[] = [];
    let resource: number | undefined;
    for (const candidate of this.compiled) {
      const m = candidate.pattern.exec(pathname);
      if (!m) continue;
      // As API Gateway: the most literal resource matching the path is chosen first, then the method.
      resource ??= candidate.literalSegments;
      if (candidate.literalSegments !== resource) break;
      if (candidate.route.method !== method) {
        allowed.push(candidate.route.method);
        continue;
      }
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        pathParameters[name] = decodeURIComponent(m[i + 1] as string);
      });
      return { kind: 'matched', route: candidate.route, pathParameters };
    }
    return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
