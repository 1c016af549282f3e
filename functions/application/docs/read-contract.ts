/**
 * The contract as JSON: the OpenAPI document built from the app model, the same that
 * `npm run generate` writes to openapi.yaml (a contract test keeps that file fresh).
 *
 * Steps: build the document from the model (once per instance); serialise it.
 */
import { buildOpenApi } from '#lib/openapi';

let contract: string | undefined;

export function readContract(): string {
  contract ??= JSON.stringify(buildOpenApi());
  return contract;
}
