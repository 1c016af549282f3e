/**
 * The GraphQL playground of the local stack only (`GET /graphql`): a page that posts a
 * query, its variables, a bearer token and the demo API key to `POST /graphql` and shows
 * the answer. The cloud serves no such page (API Gateway has no GET /graphql route and
 * AppSync's introspection is off).
 */
import { DEMO_API_KEY } from '#lib/local/bootstrap/demo-data';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const EXAMPLE = `query SiteScreen($id: ID!) {
  site(id: $id) {
    name address
    assets(first: 20) { edges { node { id name status } } }
    sensors { sensorId kind unit latest { ts value } }
    workOrders(first: 20, status: open) { edges { node { title priority asset { name } } } }
  }
}`;

export const GRAPHQL_PLAYGROUND_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hydrant GraphQL (local)</title>
<style>body{font:14px system-ui;margin:1rem;display:grid;gap:.5rem;grid-template-columns:1fr 1fr}textarea,input{font:13px monospace;width:100%;box-sizing:border-box}pre{background:#f4f4f4;padding:.5rem;overflow:auto;grid-column:1/3}</style></head>
<body>
<label>Bearer token (POST /v1/auth/login)<input id="token"></label>
<label>API key<input id="key" value="${escape(DEMO_API_KEY)}"></label>
<label>Query<textarea id="query" rows="16">${escape(EXAMPLE)}</textarea></label>
<label>Variables (JSON)<textarea id="variables" rows="16">{"id": ""}</textarea></label>
<button id="run">Run</button>
<pre id="answer"></pre>
<script>
document.getElementById('run').onclick = async () => {
  const value = (id) => document.getElementById(id).value;
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + value('token'), 'x-api-key': value('key') },
    body: JSON.stringify({ query: value('query'), variables: JSON.parse(value('variables') || '{}') }),
  });
  document.getElementById('answer').textContent = res.status + '\\n' + JSON.stringify(await res.json(), null, 2);
};
</script>
</body></html>
`;
