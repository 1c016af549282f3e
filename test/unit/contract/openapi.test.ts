/** openapi.yaml is the public contract: it must list exactly the model's routes and be up to date. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appModel } from '#lib/model/index';
import { GENERATED } from '../../../scripts/generate';

const committed = readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8');
const doc = parse(committed) as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, unknown> } };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('openapi.yaml', () => {
  it('and every other generated file are what `npm run generate` makes from the model (run it after changing a route)', () => {
    for (const [file, render] of Object.entries(GENERATED)) {
      expect(readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8'), file).toBe(render());
    }
  });

  it('lists exactly the routes of the model', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    const declared = appModel.routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(documented)).toEqual(new Set(declared));
    expect(documented).toHaveLength(declared.length);
  });

  it('gives every operation an id, a summary, documented errors and examples for its bodies', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toEqual(expect.any(String));
        expect(op.summary, where).toEqual(expect.any(String));
        expect(op.responses['500'], where).toBeDefined();
        if (op.requestBody) expect(op.requestBody.content['application/json'].example, where).toBeDefined();
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          const json = response.content?.['application/json'];
          if (json) expect(json.example, `${where} ${status}`).toBeDefined();
        }
      }
    }
  });

  it('has schemas that compile and examples that validate against them', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
    const rebase = (s: unknown) => JSON.parse(JSON.stringify(s).replace(/"#\/components\//g, '"openapi#/components/'));
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const bodies = [op.requestBody?.content?.['application/json'], ...Object.values(op.responses as Record<string, any>).map((r) => r.content?.['application/json'])];
        for (const media of bodies.filter(Boolean)) {
          const validate = ajv.compile(rebase(media.schema));
          expect(validate(media.example), `${method} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
        }
      }
    }
  });
});
