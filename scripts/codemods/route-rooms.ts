/**
 * Codemod of issue 14 ("one name per resource"): rewrites imports of the app model's
 * route lists and schemas from their old modules to the one room of each resource,
 * `lib/model/routes/<resource>.ts` (exporting `<resource>Routes`) and
 * `lib/model/schemas/<resource>.ts`, where `<resource>` is the folder under `functions/http/`.
 *
 *   npx tsx scripts/codemods/route-rooms.ts [--check] [dir...]   (default: functions test bench scripts lib bin)
 *
 * Import-line based, so it works on files it has never seen: each name of an
 * `import { ... } from '<old module>'` (alias `#lib/model/...` or a relative path) goes to
 * the module that now exports it, and a declaration naming several is split by module.
 * A route list that was split between resources (`mfaRoutes`, `userRoutes`, ...) is
 * resolved by each `findRoute(list, 'operationId')` of the file, from the app model: the
 * list of the resource whose folder holds the operation's handler. Renamed lists
 * (`assetRoutes` -> `assetsRoutes`) are renamed in the file's code too. Idempotent: a file
 * whose imports already name the new modules is left byte for byte.
 * `--check` writes nothing and exits 1 if a file would change (for CI after a merge).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const MODEL = join(ROOT, 'lib/model');

/** Names that left their module: old module (under lib/model) -> name -> new module. */
const MOVED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'routes/health-and-auth': { tokenExample: 'routes/auth' },
  'routes/maintenance': { maintenanceSchedules: 'routes/maintenance-plans' },
  'routes/sites-and-assets': { V1_ASSET_MAINTENANCE_DEPRECATION: 'routes/assets' },
  'schemas/alerts': { AlertCondition: 'schemas/alert-rules', AlertRule: 'schemas/alert-rules', alertRuleExample: 'schemas/alert-rules', CreateAlertRuleBody: 'schemas/alert-rules', ListAlertRulesQuery: 'schemas/alert-rules', SensorId: 'schemas/alert-rules', UpdateAlertRuleBody: 'schemas/alert-rules' },
  'schemas/app-clients': { CallbackUrl: 'schemas/partner-apps', CreateMachineClientBody: 'schemas/machine-clients', CreatePartnerAppBody: 'schemas/partner-apps', ListAppClientsQuery: 'schemas/machine-clients', MachineClient: 'schemas/machine-clients', machineClientExample: 'schemas/machine-clients', MachineClientWithSecret: 'schemas/machine-clients', PartnerApp: 'schemas/partner-apps', partnerAppExample: 'schemas/partner-apps', Scope: 'schemas/machine-clients' },
  'schemas/auth': { Health: 'schemas/health' },
  'schemas/maintenance': { AssetIdParams: 'schemas/maintenance-plans', CreateMaintenancePlanBody: 'schemas/maintenance-plans', CreateTimeEntryBody: 'schemas/time-entries', ListMaintenancePlansQuery: 'schemas/maintenance-plans', MaintenancePlan: 'schemas/maintenance-plans', maintenancePlanExample: 'schemas/maintenance-plans', TimeEntry: 'schemas/time-entries', timeEntryExample: 'schemas/time-entries', timeExportExample: 'schemas/time-entries', TimeExportQuery: 'schemas/time-entries', UpdateMaintenancePlanBody: 'schemas/maintenance-plans' },
  'schemas/mfa': { MfaSetup: 'schemas/me', MfaStatus: 'schemas/me', SecuritySettings: 'schemas/settings', UpdateSecuritySettingsBody: 'schemas/settings', VerifyMfaBody: 'schemas/me' },
  'schemas/platform': { anomalyExample: 'schemas/admin', AnomalyRecord: 'schemas/admin', AuditLogQuery: 'schemas/audit-logs', AuditRecord: 'schemas/audit-logs', auditRecordExample: 'schemas/audit-logs', Usage: 'schemas/usage', usageExample: 'schemas/usage' },
  'schemas/users': { ChangePasswordBody: 'schemas/me', ConsentBody: 'schemas/me', Me: 'schemas/me', UpdateMeBody: 'schemas/me' },
};

/** Modules renamed whole (every name goes along). */
const RENAMED_MODULES: Readonly<Record<string, string>> = {
  'schemas/scheduling': 'schemas/schedule',
  'schemas/service-requests': 'schemas/requests',
};

/** Old route lists that became one resource's list under a new name. */
const LIST_RENAMES: Readonly<Record<string, string>> = {
  alertRoutes: 'alertsRoutes',
  alertRuleRoutes: 'alertRulesRoutes',
  apiKeyRoutes: 'apiKeysRoutes',
  assetRoutes: 'assetsRoutes',
  clientRoutes: 'clientsRoutes',
  documentRoutes: 'documentsRoutes',
  forecastRoutes: 'forecastsRoutes',
  maintenancePlanRoutes: 'maintenancePlansRoutes',
  notificationRoutes: 'notificationsRoutes',
  reportRoutes: 'workOrdersRoutes',
  sensorRoutes: 'sensorsRoutes',
  serviceRequestRoutes: 'requestsRoutes',
  siteRoutes: 'sitesRoutes',
  technicianRoutes: 'techniciansRoutes',
  timeEntryRoutes: 'timeEntriesRoutes',
  v2Routes: 'assetsRoutes',
  webhookRoutes: 'webhooksRoutes',
  workOrderRoutes: 'workOrdersRoutes',
};

/** Old route lists split between resources: each use is resolved by operation id; other uses become the union. */
const SPLIT_LISTS: Readonly<Record<string, readonly string[]>> = {
  appClientRoutes: ['machineClientsRoutes', 'partnerAppsRoutes'],
  healthAndAuthRoutes: ['healthRoutes', 'authRoutes'],
  mfaRoutes: ['authRoutes', 'meRoutes', 'settingsRoutes'],
  platformRoutes: ['usageRoutes', 'auditLogsRoutes', 'adminRoutes'],
  schedulingRoutes: ['workOrdersRoutes', 'scheduleRoutes'],
  userRoutes: ['usersRoutes', 'meRoutes'],
};

/** `audit-logs` -> `auditLogsRoutes`: the one name of a resource's route list. */
export const listNameOf = (resource: string): string => `${resource.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Routes`;
/** `auditLogsRoutes` -> `routes/audit-logs`. */
const moduleOfList = (list: string): string => `routes/${list.replace(/Routes$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * operationId -> the list of its resource (the folder of its handler under functions/http),
 * from the app model; loaded after lib/model's own imports are rewritten.
 */
export async function listsOfOperations(): Promise<ReadonlyMap<string, string>> {
  const { appModel } = await import('#lib/model/index');
  return new Map(
    appModel.routes.flatMap((r) => {
      const m = /^http\/([^/]+)\//.exec(r.handler);
      return m ? [[r.operationId, listNameOf(m[1]!)] as const] : [];
    }),
  );
}

interface Name {
  readonly name: string;
  readonly local: string;
  readonly type: boolean;
}

const IMPORT = /^import (type )?\{([^}]*)\} from '([^']+)';[ \t]*\n?/gm;

/** `#lib/model/routes/x` or a relative path into lib/model: `routes/x`; anything else: undefined. */
function modelModule(spec: string, file: string): string | undefined {
  const abs = spec.startsWith('#lib/') ? join(ROOT, 'lib', spec.slice(5)) : spec.startsWith('.') ? resolve(dirname(file), spec) : undefined;
  if (!abs) return undefined;
  const rel = relative(MODEL, abs).replace(/\.(ts|js)$/, '');
  return /^(routes|schemas)\/[\w-]+$/.test(rel) ? rel : undefined;
}

/** The specifier of `module` in the style of the original one (alias or relative). */
function specifierOf(module: string, original: string, file: string): string {
  if (original.startsWith('#lib/')) return `#lib/model/${module}`;
  const rel = relative(dirname(file), join(MODEL, module)).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Rewrites one file's source; returns it unchanged when nothing is to be done. */
export function rewrite(source: string, file: string, listOf: ReadonlyMap<string, string>): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  const decls = [...source.matchAll(IMPORT)].flatMap((m) => {
    const module = modelModule(m[3]!, file);
    if (!module) return [];
    const names: Name[] = m[2]!
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => {
        const type = Boolean(m[1]) || n.startsWith('type ');
        const [name, alias] = n.replace(/^type\s+/, '').split(/\s+as\s+/);
        return { name: name!, local: alias ?? name!, type };
      });
    return [{ match: m, module, names }];
  });
  if (!decls.length) return { text: source, warnings };

  // The code outside the model's import declarations, where list names are used.
  let code = source;
  for (const d of [...decls].reverse()) code = code.slice(0, d.match.index) + '\u0000'.repeat(d.match[0].length) + code.slice(d.match.index! + d.match[0].length);

  /** New module -> names, in the order met. */
  const out = new Map<string, Name[]>();
  const add = (module: string, n: Name) => {
    const list = out.get(module) ?? [];
    if (!list.some((x) => x.local === n.local)) list.push(n);
    else if (!n.type) list.splice(list.findIndex((x) => x.local === n.local), 1, { ...list.find((x) => x.local === n.local)!, type: false });
    out.set(module, list);
  };
  let changed = false;
  for (const d of decls) {
    for (const n of d.names) {
      const split = SPLIT_LISTS[n.name];
      const renamed = LIST_RENAMES[n.name];
      if (n.name.endsWith('Routes') && (split || renamed)) {
        changed = true;
        // findRoute(list, 'op'): the list of the operation's resource.
        const used = new Set<string>();
        code = code.replace(new RegExp(`findRoute\\(\\s*${n.local}\\s*,\\s*'(\\w+)'`, 'g'), (all, op: string) => {
          const list = listOf.get(op);
          if (!list) {
            warnings.push(`${relative(ROOT, file)}: no route ${op} in the app model; findRoute(${n.local}, ...) left as is`);
            return all;
          }
          used.add(list);
          return all.replace(n.local, list);
        });
        if (new RegExp(`(?<![\\w.$])${n.local}(?![\\w$])`).test(code)) {
          if (renamed) {
            code = code.replace(new RegExp(`(?<![\\w.$])${n.local}(?![\\w$])`, 'g'), renamed);
            used.add(renamed);
          } else {
            code = code.replace(new RegExp(`(?<![\\w.$])${n.local}(?![\\w$])`, 'g'), `[${split!.map((l) => `...${l}`).join(', ')}]`);
            for (const l of split!) used.add(l);
            warnings.push(`${relative(ROOT, file)}: ${n.local} (split between ${split!.join(', ')}) used beyond findRoute: replaced by their union`);
          }
        }
        for (const l of used) add(moduleOfList(l), { name: l, local: l, type: n.type });
        continue;
      }
      const target = MOVED[d.module]?.[n.name] ?? RENAMED_MODULES[d.module] ?? d.module;
      if (target !== d.module) changed = true;
      add(target, n);
    }
  }
  if (!changed) return { text: source, warnings };

  const spec0 = decls[0]!.match[3]!;
  const lines = [...out].map(([module, names]) => {
    const all = names.every((n) => n.type);
    const list = names.map((n) => `${!all && n.type ? 'type ' : ''}${n.name}${n.local !== n.name ? ` as ${n.local}` : ''}`).join(', ');
    return `import ${all ? 'type ' : ''}{ ${list} } from '${specifierOf(module, spec0, file)}';\n`;
  });
  // The new declarations take the place of the first old one; the others go.
  let text = '';
  let at = 0;
  decls.forEach((d, i) => {
    text += code.slice(at, d.match.index).replace(/\u0000/g, '') + (i === 0 ? lines.join('') : '');
    at = d.match.index! + d.match[0].length;
  });
  text += code.slice(at).replace(/\u0000/g, '');
  return { text, warnings };
}

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (/\.(ts|mts|tsx)$/.test(entry) && !entry.endsWith('.d.ts')) yield path;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let count = 0;
  const run = (dir: string, listOf: ReadonlyMap<string, string>) => {
    for (const file of tsFiles(resolve(ROOT, dir))) {
      if (file === import.meta.filename) continue;
      const source = readFileSync(file, 'utf8');
      const { text, warnings } = rewrite(source, file, listOf);
      for (const w of warnings) console.warn(`warning: ${w}`);
      if (text === source) continue;
      count++;
      if (check) console.log(`would rewrite ${relative(ROOT, file)}`);
      else writeFileSync(file, text);
    }
  };
  // The model's own files first (they name no route list), so that the model loads.
  if (!check) run('lib/model', new Map());
  const listOf = await listsOfOperations();
  for (const dir of dirs.length ? dirs : ['functions', 'test', 'bench', 'scripts', 'lib', 'bin']) run(dir, listOf);
  console.log(`${count} file(s) ${check ? 'to rewrite' : 'rewritten'}`);
  if (check && count) process.exitCode = 1;
}
