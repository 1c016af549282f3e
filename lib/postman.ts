/**
 * A Postman collection (v2.1) made from the OpenAPI document: one folder per tag, one request
 * per operation with its example body and its example answers, the bearer token and the API key
 * as collection variables (`{{accessToken}}`, `{{apiKey}}`, `{{baseUrl}}`), and a login request
 * that stores the access token it gets. `npm run generate` writes docs/hydrant.postman_collection.json.
 */
type Json = Record<string, any>;

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const LOGIN_PATHS = new Set(['/v1/auth/login', '/v1/auth/new-password', '/v1/auth/mfa', '/v1/auth/refresh']);

export interface PostmanDefaults {
  readonly baseUrl: string;
  readonly apiKey: string;
}

/** `/v1/sites/{id}` → `/v1/sites/:id` (Postman's path variables). */
const postmanPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

function resolve(doc: Json, node: Json): Json {
  const ref = node?.$ref as string | undefined;
  return ref ? ref.slice(2).split('/').reduce((acc: Json, key) => acc[key], doc) : node;
}

function url(path: string, parameters: Json[]): Json {
  const raw = `{{baseUrl}}${postmanPath(path)}`;
  const query = parameters.filter((p) => p.in === 'query');
  return {
    raw: query.length ? `${raw}?${query.filter((p) => p.required).map((p) => `${p.name}=`).join('&')}` : raw,
    host: ['{{baseUrl}}'],
    path: postmanPath(path).split('/').filter(Boolean),
    ...(query.length
      ? { query: query.map((p) => ({ key: p.name, value: p.example === undefined ? '' : String(p.example), description: p.description ?? '', disabled: !p.required })) }
      : {}),
    ...(parameters.some((p) => p.in === 'path')
      ? { variable: parameters.filter((p) => p.in === 'path').map((p) => ({ key: p.name, value: '', description: p.description ?? `The ${p.name}` })) }
      : {}),
  };
}

function request(doc: Json, path: string, method: string, op: Json): Json {
  const parameters = (op.parameters ?? []) as Json[];
  const keyed = (op.security as Json[]).some((s) => 'apiKey' in s);
  const bearer = (op.security as Json[]).some((s) => 'bearer' in s);
  const header: Json[] = [
    ...(keyed ? [{ key: 'x-api-key', value: '{{apiKey}}', type: 'text' }] : []),
    ...parameters.filter((p) => p.in === 'header').map((p) => ({ key: p.name, value: '', type: 'text', disabled: true, description: p.description ?? '' })),
  ];
  const content = op.requestBody?.content as Json | undefined;
  const json = content?.['application/json'];
  if (content) header.push({ key: 'Content-Type', value: json ? 'application/json' : Object.keys(content)[0], type: 'text' });
  return {
    method: method.toUpperCase(),
    header,
    ...(bearer ? {} : { auth: { type: 'noauth' } }),
    url: url(path, parameters),
    description: `${op.summary}\n\n${op.description ?? ''}`.trim(),
    ...(content ? { body: { mode: 'raw', raw: JSON.stringify((json ?? Object.values(content)[0]).example ?? {}, null, 2), options: { raw: { language: 'json' } } } } : {}),
  };
}

/** The example answers of an operation's successes (every error's example is the same problem, documented once in the contract). */
function responses(doc: Json, op: Json, req: Json): Json[] {
  const { description: _description, ...original } = req;
  return Object.entries(op.responses as Json)
    .filter(([status]) => Number(status) < 400)
    .map(([status, response]) => [status, resolve(doc, response as Json)] as const)
    .filter(([, response]) => Object.values((response.content ?? {}) as Json).some((media: Json) => media.example !== undefined))
    .map(([status, response]) => {
      const [type, media] = Object.entries(response.content as Json).find(([, m]) => (m as Json).example !== undefined) as [string, Json];
      return {
        name: `${status} ${response.description}`.slice(0, 120),
        originalRequest: original,
        status: response.description,
        code: Number(status),
        _postman_previewlanguage: type.includes('json') ? 'json' : 'text',
        header: [{ key: 'Content-Type', value: type }],
        body: typeof media.example === 'string' ? media.example : JSON.stringify(media.example, null, 2),
      };
    });
}

/** Stores the tokens of a successful sign-in in the collection's variables. */
const STORE_TOKENS = [
  'const body = pm.response.json();',
  "if (body.access_token) pm.collectionVariables.set('accessToken', body.access_token);",
  "if (body.refresh_token) pm.collectionVariables.set('refreshToken', body.refresh_token);",
  "if (body.session) pm.collectionVariables.set('session', body.session);",
];

export function buildPostmanCollection(doc: Json, defaults: PostmanDefaults): Json {
  const folders = new Map<string, Json[]>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (!op) continue;
      const req = request(doc, path, method, op);
      const tag = (op.tags?.[0] as string | undefined) ?? 'Other';
      if (!folders.has(tag)) folders.set(tag, []);
      folders.get(tag)!.push({
        name: op.summary,
        id: op.operationId,
        request: req,
        response: responses(doc, op, req),
        ...(LOGIN_PATHS.has(path) ? { event: [{ listen: 'test', script: { type: 'text/javascript', exec: STORE_TOKENS } }] } : {}),
      });
    }
  }
  return {
    info: {
      // Fixed, so a re-import updates the same collection.
      _postman_id: '3c9a6f2e-7b1d-4e8a-9c4f-5d2b8e1a7f60',
      name: doc.info.title,
      description: `${doc.info.description}\n\nSet {{apiKey}}, run "Exchange a username and password for tokens" (it stores {{accessToken}}), then call any route.`,
      version: doc.info.version,
      schema: SCHEMA,
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: defaults.baseUrl, type: 'string' },
      { key: 'apiKey', value: defaults.apiKey, type: 'string' },
      { key: 'accessToken', value: '', type: 'string' },
      { key: 'refreshToken', value: '', type: 'string' },
      { key: 'session', value: '', type: 'string' },
    ],
    item: [...folders].map(([name, item]) => ({ name, item })),
  };
}
