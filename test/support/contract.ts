/**
 * Validates a response against openapi.yaml: the status must be documented for the
 * operation, and a JSON body must match the documented schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, any>;

const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');

// As API Gateway: the most literal template matching a path wins (`/v1/assets/at-risk` before `/v1/assets/{id}`).
const literalSegments = (template: string) => template.split('/').filter((s) => s && !s.startsWith('{')).length;
const templates = Object.keys(doc.paths as Json)
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => literalSegments(b.template) - literalSegments(a.template));

function resolve(node: Json): Json {
  const ref = node.$ref as string | undefined;
  if (!ref) return node;
  const parts = ref.replace('#/', '').split('/');
  return parts.reduce((acc: Json, key) => acc[key], doc);
}

const rebase = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/'));
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

export function assertMatchesContract(method: string, url: string, status: number, contentType: string, body: unknown): void {
  const pathname = new URL(url, 'http://x').pathname;
  const match = templates.find((t) => t.pattern.test(pathname));
  if (!match) {
    if (status === 404) return; // an unknown route: the gateway's own problem answer
    throw new Error(`${method} ${pathname} is not in openapi.yaml`);
  }
  const op = (doc.paths[match.template] as Json)[method.toLowerCase()] as Json | undefined;
  if (!op) {
    if (status === 404) return;
    throw new Error(`${method} ${match.template} is not in openapi.yaml`);
  }
  const documented = op.responses[String(status)] as Json | undefined;
  if (!documented) throw new Error(`${method} ${match.template} answered ${status}, which openapi.yaml does not document`);
  const response = resolve(documented);
  const media = Object.entries((response.content ?? {}) as Json).find(([type]) => contentType.startsWith(type));
  if (!media) {
    if (response.content && body !== '') throw new Error(`${method} ${match.template} ${status}: content type ${contentType} not documented`);
    return;
  }
  // With ?fields= the answer is a sparse projection: same types, nothing required.
  const sparse = new URL(url, 'http://x').searchParams.has('fields');
  const key = `${method} ${match.template} ${status} ${media[0]}${sparse ? ' sparse' : ''}`;
  let validate = validators.get(key);
  if (!validate) {
    const schema = rebase((media[1] as Json).schema) as Json;
    validate = ajv.compile(sparse ? withoutRequired(inlineRefs(schema)) : schema);
    validators.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(`${key}: body does not match openapi.yaml: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  }
}

/** The schema with its component references inlined (so `required` can be lifted everywhere). */
function inlineRefs(node: unknown): any {
  if (Array.isArray(node)) return node.map(inlineRefs);
  if (node && typeof node === 'object') {
    const ref = (node as Json).$ref as string | undefined;
    if (ref?.startsWith('openapi#/components/')) {
      const target = ref.replace('openapi#/', '').split('/').reduce((acc: Json, k) => acc[k], doc);
      return inlineRefs(JSON.parse(JSON.stringify(target).replace(/"#\/components\//g, '"openapi#/components/')));
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineRefs(v)]));
  }
  return node;
}

function withoutRequired(node: unknown): any {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'required' && Array.isArray(v))).map(([k, v]) => [k, withoutRequired(v)]));
  }
  return node;
}
