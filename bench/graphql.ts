/**
 * A site screen's data (the site, its assets, its sensors' latest values, its open work
 * orders with their asset) in ONE GraphQL query against the REST calls it replaces, in the
 * same run, on the local stack in this process (port 0, demo data):
 *   npm run bench:graphql [-- --iterations 50 --assets 10 --sensors 5 --work-orders 10]
 *
 * REST: GET /v1/sites/{id}, /v1/assets?siteId=, /v1/sites/{id}/latest and
 * /v1/work-orders?siteId=&status=open (the work orders' assets are joined on the client from
 * the assets' page), timed sent one after the other and all at once. GraphQL: one POST
 * /graphql selecting the fields the screen shows. Calls alternate REST and GraphQL, after a
 * warm-up, so both meet the same machine load. Bytes: response bodies as received.
 */
import { parseArgs } from 'node:util';
import { DEMO_API_KEY } from '#lib/local/bootstrap/demo-data';
import { startLocalStack } from '#lib/local/runtime/stack';
import { apiCall, demoToken } from './lib/local-api';
import { formatTable, quantile } from './lib/stats';

const { values: args } = parseArgs({
  options: { iterations: { type: 'string', default: '50' }, assets: { type: 'string', default: '10' }, sensors: { type: 'string', default: '5' }, 'work-orders': { type: 'string', default: '10' } },
});
const iterations = Number(args.iterations);
const WARM_UP = 5;

const SCREEN = `query SiteScreen($id: ID!) {
  site(id: $id) {
    id name address assetCount location { lat lon }
    assets(first: 100) { edges { node { id name type status serialNumber nextMaintenanceAt } } }
    sensors { sensorId kind unit latest { ts value quality } }
    workOrders(first: 100, status: open) { edges { node { id title priority status dueAt assignedTechnicianId asset { id name } } } }
  }
}`;

interface Measured {
  readonly ms: number;
  readonly bytes: number;
  readonly trips: number;
}

const stack = await startLocalStack({ port: 0 });
try {
  const token = await demoToken(stack.apiUrl, 'manager@hydrant.local');
  const admin = await demoToken(stack.apiUrl, 'admin@hydrant.local');
  const post = <T>(path: string, body: unknown) => apiCall<T & { id: string }>(stack.apiUrl, token, 'POST', path, body, 201);
  const site = await post('/v1/sites', { name: 'Usine bench', address: '1 quai du Rhône, Lyon', location: { lat: 45.77, lon: 4.83 }, clientId: '01JC8Y5T0000000000ACME0001' });
  const assets = [];
  for (let i = 0; i < Number(args.assets); i++) assets.push(await post('/v1/assets', { name: `Pompe ${i}`, type: 'pump', siteId: site.id, serialNumber: `SN-BENCH-${Date.now()}-${i}` }));
  const ts = new Date(Math.floor((Date.now() - 60_000) / 60_000) * 60_000).toISOString();
  for (let i = 0; i < Number(args.sensors); i++) {
    const sensor = await post('/v1/sensors', { id: `BENCH_${Date.now() % 1_000_000}_${i}`, kind: 'pressure', siteId: site.id, assetId: assets[i % assets.length]!.id });
    await apiCall(stack.apiUrl, admin, 'POST', '/v1/telemetry', { readings: [{ sensorId: sensor.id, ts, value: 3.5 + i / 10 }] }, 202);
  }
  for (let i = 0; i < Number(args['work-orders']); i++) await post('/v1/work-orders', { title: `Bench ${i}`, type: 'corrective', assetId: assets[i % assets.length]!.id });

  const get = async (path: string): Promise<number> => {
    const res = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-api-key': DEMO_API_KEY } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
    return Buffer.byteLength(text);
  };
  const restPaths = [`/v1/sites/${site.id}`, `/v1/assets?siteId=${site.id}&limit=100`, `/v1/sites/${site.id}/latest`, `/v1/work-orders?siteId=${site.id}&status=open&limit=100`];
  const restSequential = async (): Promise<Measured> => {
    const t = performance.now();
    let bytes = 0;
    for (const path of restPaths) bytes += await get(path);
    return { ms: performance.now() - t, bytes, trips: restPaths.length };
  };
  const restParallel = async (): Promise<Measured> => {
    const t = performance.now();
    const bytes = (await Promise.all(restPaths.map(get))).reduce((a, b) => a + b, 0);
    return { ms: performance.now() - t, bytes, trips: restPaths.length };
  };
  const graphql = async (): Promise<Measured> => {
    const t = performance.now();
    const res = await fetch(`${stack.apiUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ query: SCREEN, variables: { id: site.id } }),
    });
    const text = await res.text();
    const ms = performance.now() - t;
    const body = JSON.parse(text) as { data?: { site?: { workOrders: { edges: unknown[] } } }; errors?: unknown };
    if (res.status !== 200 || body.errors || body.data?.site?.workOrders.edges.length !== Number(args['work-orders'])) throw new Error(`graphql: ${res.status} ${text.slice(0, 500)}`);
    return { ms, bytes: Buffer.byteLength(text), trips: 1 };
  };

  const runs: Record<string, Measured[]> = { 'REST, one after the other': [], 'REST, all at once': [], 'GraphQL, one query': [] };
  for (let i = 0; i < WARM_UP + iterations; i++) {
    const round = [await restSequential(), await restParallel(), await graphql()];
    if (i >= WARM_UP) Object.values(runs).forEach((list, n) => list.push(round[n]!));
  }
  console.log(`Site screen: 1 site, ${assets.length} assets, ${args.sensors} sensors with a latest value, ${args['work-orders']} open work orders; ${iterations} runs of each after ${WARM_UP} warm-up runs, alternated.`);
  console.log(
    formatTable(
      ['client', 'round trips', 'response bytes', 'p50 ms', 'p99 ms'],
      Object.entries(runs).map(([name, list]) => {
        const ms = list.map((m) => m.ms);
        return [name, String(list[0]!.trips), String(list[0]!.bytes), quantile(ms, 0.5).toFixed(1), quantile(ms, 0.99).toFixed(1)];
      }),
    ),
  );
} finally {
  await stack.stop();
}
