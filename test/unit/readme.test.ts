/**
 * The README's statements that have a single source in the code, held to it so they
 * cannot drift: which routes need no API key or no token (the app model), the usage plans
 * and the demo keys' plans (`lib/model/usage-plans.ts`, `DEMO_API_KEYS`), the environment
 * variables `npm start` reads (bin/, lib/local/, lib/console/), and the work-order workflow
 * (`functions/domain/work-orders.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayMove, nextStatuses, WORK_ORDER_STATUSES, type WorkOrder, type WorkOrderStatus } from '#domain/work-orders';
import { DEMO_API_KEYS } from '#lib/local/bootstrap/demo-data';
import { appModel } from '#lib/model/index';
import { describeUsagePlan, USAGE_PLANS } from '#lib/model/usage-plans';

const README = readFileSync('README.md', 'utf8');

/** The rows of the README table whose header row starts with `| <first> |`, as trimmed cells. */
function table(first: string): string[][] {
  const lines = README.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  if (start < 0) throw new Error(`README: no table headed "${first}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((c) => c.trim()));
  }
  return rows;
}

const yesNo = (cell: string | undefined) => (cell?.startsWith('yes') ? true : cell?.startsWith('no') ? false : undefined);
const code = (cell: string | undefined) => /^`([^`]+)`$/.exec(cell ?? '')?.[1];

describe('README', () => {
  it('lists exactly the routes that need no API key or no token, as the model declares them', () => {
    const documented = new Map(table('Route').map(([route, key, token]) => [code(route), { apiKey: yesNo(key), token: yesNo(token) }]));
    const declared = new Map(
      appModel.routes.filter((r) => !r.apiKey || r.auth.kind === 'public').map((r) => [`${r.method} ${r.path}`, { apiKey: r.apiKey, token: r.auth.kind !== 'public' }]),
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(declared));
  });

  it('gives every usage plan of the model, with its limits, and names no other plan', () => {
    const documented = Object.fromEntries(table('Plan').map(([plan, limits]) => [code(plan), limits]));
    expect(documented).toEqual(Object.fromEntries(USAGE_PLANS.map((p) => [p.id, describeUsagePlan(p)])));
    const named = [...README.matchAll(/plan `([a-z-]+)`|`([a-z-]+)` plan/g)].map((m) => m[1] ?? m[2]);
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(USAGE_PLANS.map((p) => p.id), `README names plan ${id}`).toContain(id);
  });

  it('gives each demo key the plan the local stack puts it on, with that plan’s limits', () => {
    for (const key of DEMO_API_KEYS) {
      const plan = USAGE_PLANS.find((p) => p.id === key.planId)!;
      expect(README).toContain(`\`${key.value}\`, plan \`${plan.id}\` (${describeUsagePlan(plan)})`);
    }
  });

  it('documents every HYDRANT_* variable that npm start, the simulator and the local runtime read, and no unread one', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const source = [...files('bin'), ...files('lib/local'), ...files('lib/console')].map((f) => readFileSync(f, 'utf8')).join('\n');
    // `process.env.X`, or `env.X` of an environment passed in (defaulting to process.env).
    const read = (name: string) => new RegExp(`\\benv(\\.${name}\\b|\\[['"]${name}['"]\\])`).test(source);
    const readHydrant = new Set([...source.matchAll(/\benv(?:\.|\[['"])(HYDRANT_[A-Z0-9_]+)/g)].map((m) => m[1]));
    const documented = table('Variable').map(([name]) => code(name));
    expect(readHydrant.size).toBeGreaterThan(0);
    for (const name of readHydrant) expect(documented, `${name} is read but not in the README`).toContain(name);
    for (const name of documented) expect(read(name!), `${name} is in the README but read nowhere under bin/, lib/local/ or lib/console/`).toBe(true);
  });

  it('draws the work-order workflow exactly as the domain decides it, with the assigned technician’s moves', () => {
    const statuses = (cell: string | undefined) => (cell === 'none' ? [] : (cell ?? '').split(',').map((s) => code(s.trim())));
    const rows = table('From');
    expect(rows.map(([from]) => code(from))).toEqual([...WORK_ORDER_STATUSES]);
    const technician = { principal: { kind: 'user', subject: 's', tenantId: 't', role: 'technician', scopes: [] }, technicianId: 'TECH' } as const;
    for (const [from, to, byTechnician] of rows) {
      const status = code(from) as WorkOrderStatus;
      expect(statuses(to), `moves from ${status}`).toEqual([...nextStatuses(status)]);
      const assigned = { status, assignedTechnicianId: 'TECH' } as WorkOrder;
      expect(statuses(byTechnician), `technician moves from ${status}`).toEqual(nextStatuses(status).filter((s) => mayMove(technician, assigned, s)));
    }
  });
});
