/** The Postman collection holds every route of the contract, in folders per resource, ready to call. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';

const collection = JSON.parse(readFileSync(new URL('../../../docs/hydrant.postman_collection.json', import.meta.url), 'utf8'));
const requests = (collection.item as any[]).flatMap((folder) => (folder.item as any[]).map((item) => ({ folder: folder.name as string, ...item })));

describe('docs/hydrant.postman_collection.json', () => {
  it('is a v2.1 collection with bearer auth on {{accessToken}} and the baseUrl and apiKey variables', () => {
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] });
    expect(collection.variable.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(['baseUrl', 'apiKey', 'accessToken']));
  });

  it('has every route of the model once, in the folder of its tag, with the API key and auth it needs', () => {
    const byId = new Map(requests.map((r) => [r.id, r]));
    expect(requests).toHaveLength(appModel.routes.length);
    for (const route of appModel.routes) {
      const item = byId.get(route.operationId);
      expect(item, route.operationId).toBeDefined();
      expect(item.folder, route.operationId).toBe(route.tag);
      expect(item.request.method).toBe(route.method);
      expect(item.request.url.raw.split('?')[0]).toBe(`{{baseUrl}}${route.path.replace(/\{([^}]+)\}/g, ':$1')}`);
      expect(item.request.header.some((h: { key: string; value: string }) => h.key === 'x-api-key' && h.value === '{{apiKey}}'), route.operationId).toBe(route.apiKey);
      if (route.auth.kind === 'public') expect(item.request.auth, route.operationId).toEqual({ type: 'noauth' });
      else expect(item.request.auth, route.operationId).toBeUndefined();
    }
  });

  it('carries the example bodies and answers of the contract', () => {
    const create = requests.find((r) => r.id === 'createSite');
    expect(JSON.parse(create.request.body.raw)).toHaveProperty('name');
    const get = requests.find((r) => r.id === 'getSite');
    expect(get.response[0]).toMatchObject({ code: 200 });
    expect(JSON.parse(get.response[0].body)).toHaveProperty('id');
    const login = requests.find((r) => r.id === 'login');
    expect(login.event[0].script.exec.join('\n')).toContain("pm.collectionVariables.set('accessToken'");
  });
});
