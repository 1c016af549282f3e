import { BUILT_IN_LIMIT_SETS, PARAMETERS, type Limit, type Parameter } from '#domain/quality/catalogue';

export interface ParameterWithLimits extends Parameter {
  /** The built-in limits of the parameter, each with its set and source. */
  readonly limits: readonly (Limit & { readonly setId: string })[];
}

/**
 * The catalogue of parameters. Steps:
 *   1. every parameter with its canonical unit, accepted units and the sensor kinds measuring it;
 *   2. beside each, its limits in the built-in sets (EU DWD, WHO), each with its source.
 * Tenants' stricter sets are at `/v1/quality/limit-sets`.
 */
export function listParameters(): ParameterWithLimits[] {
  return PARAMETERS.map((p) => ({
    ...p,
    limits: BUILT_IN_LIMIT_SETS.flatMap((set) => set.limits.filter((l) => l.parameter === p.code).map((l) => ({ ...l, setId: set.id }))),
  }));
}
