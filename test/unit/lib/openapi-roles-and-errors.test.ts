/** The contract tells, for every route, who may call it and which problem codes each error status carries. */
import { describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { buildOpenApi, problemCodes } from '#lib/openapi';

const doc = buildOpenApi() as { paths: Record<string, Record<string, any>> };
const operationOf = (method: string, path: string) => doc.paths[path]![method.toLowerCase()];

describe('roles and problem codes in the contract', () => {
  it('lists the roles allowed on every route (x-roles and the description), none on public ones', () => {
    for (const route of appModel.routes) {
      const op = operationOf(route.method, route.path);
      if (route.auth.kind === 'authenticated') {
        expect(op['x-roles'], route.operationId).toEqual(route.auth.roles);
        expect(op.description, route.operationId).toContain(`Roles: ${route.auth.roles.join(', ')}.`);
      } else {
        expect(op['x-roles'], route.operationId).toEqual([]);
        expect(op.description, route.operationId).toMatch(/^Public: no token/);
      }
    }
  });

  it('gives every documented error status of every route at least one problem code, in x-problem-codes and the description', () => {
    for (const route of appModel.routes) {
      const op = operationOf(route.method, route.path);
      const errorStatuses = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      expect(Object.keys(op['x-problem-codes']).sort(), route.operationId).toEqual(errorStatuses.sort());
      for (const status of errorStatuses) {
        const codes = op['x-problem-codes'][status] as string[];
        expect(codes.length, `${route.operationId} ${status}`).toBeGreaterThan(0);
        expect(op.description).toContain(`${status} ${codes.join(', ')}`);
      }
    }
  });

  it('names the codes the platform answers with, as the declaration makes them possible', () => {
    const find = (id: string) => appModel.routes.find((r) => r.operationId === id)!;
    expect(problemCodes(find('login'))['401']).toEqual(['INVALID_CREDENTIALS']);
    expect(problemCodes(find('login'))['429']).toContain('RATE_LIMITED');
    expect(problemCodes(find('getSite'))['403']).toEqual(expect.arrayContaining(['FORBIDDEN', 'MFA_REQUIRED', 'INVALID_API_KEY']));
    expect(problemCodes(find('logout'))['403']).not.toContain('MFA_REQUIRED');
    expect(problemCodes(find('getHealth'))['403']).toBeUndefined();
    const idempotent = appModel.routes.find((r) => r.idempotent)!;
    expect(problemCodes(idempotent)['422']).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(problemCodes(idempotent)['409']).toContain('IDEMPOTENCY_IN_PROGRESS');
  });

  it('documents the contract route with the schema of the JSON it sends as is, and no sparse fields', () => {
    const op = operationOf('GET', '/openapi.json');
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OpenApiDocument' });
    expect((op.parameters ?? []).map((p: { name: string }) => p.name)).not.toContain('fields');
  });
});
