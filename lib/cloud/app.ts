/**
 * Builds the CDK app from CDK context: the one place where context values are read
 * and validated, shared by `bin/hydrant.ts` and the infrastructure tests so both
 * build exactly the same app.
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppModel } from '#lib/model/types';
import type { LogLevel } from './hydrant-function';
import { HydrantStack, type TelemetryStore } from './hydrant-stack';

/** The validated context of one synthesis. */
export interface HydrantSettings {
  readonly stage: string;
  readonly telemetryStore: TelemetryStore;
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
  readonly authDomainPrefix?: string;
  /** The API's public base URL when it is served on a custom domain. */
  readonly apiPublicUrl?: string;
  /** The sender of notification e-mails (`-c emailSender=notifications@example.org` or a domain). */
  readonly emailSender?: string;
  /** The API key the console sends (written to its config.json). */
  readonly consoleApiKey?: string;
}

const STAGE = /^[a-z][a-z0-9]{0,15}$/;
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const TELEMETRY_STORES: readonly TelemetryStore[] = ['timestream', 'dynamodb'];

function contextString(app: App, key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Reads and validates the context (`-c stage=prod`, `-c corsOrigins=https://a,https://b`...); throws a clear message on a bad value. */
export function readSettings(app: App): HydrantSettings {
  const stage = contextString(app, 'stage', 'dev');
  if (!STAGE.test(stage)) {
    throw new Error(`Context stage "${stage}" is invalid: use 1-16 lowercase letters and digits starting with a letter (e.g. -c stage=prod)`);
  }
  const telemetryStore = contextString(app, 'telemetryStore', 'timestream');
  if (!(TELEMETRY_STORES as readonly string[]).includes(telemetryStore)) {
    throw new Error(`Context telemetryStore "${telemetryStore}" is invalid: use ${TELEMETRY_STORES.join(' or ')}`);
  }
  const logLevel = contextString(app, 'logLevel', 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`Context logLevel "${logLevel}" is invalid: use one of ${LOG_LEVELS.join(', ')}`);
  }
  const corsOrigins = contextString(app, 'corsOrigins', '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // An origin is scheme://host[:port] exactly: no path, no trailing slash, no wildcard.
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(`Context corsOrigins: "${origin}" is not an origin like https://app.example.com`);
    }
  }
  const authDomainPrefix = contextString(app, 'authDomainPrefix', '');
  const apiPublicUrl = contextString(app, 'apiPublicUrl', '');
  const consoleApiKey = contextString(app, 'consoleApiKey', '');
  if (apiPublicUrl && !isBaseUrl(apiPublicUrl)) {
    throw new Error(`Context apiPublicUrl: "${apiPublicUrl}" is not a base URL like https://api.example.com or https://example.com/hydrant`);
  }
  const emailSender = contextString(app, 'emailSender', '');
  if (emailSender && !/^[^@\s]+@[^@\s]+\.[^@\s]+$|^[a-z0-9.-]+\.[a-z]{2,}$/i.test(emailSender)) {
    throw new Error(`Context emailSender: "${emailSender}" is neither an e-mail address nor a domain`);
  }
  return {
    stage,
    telemetryStore: telemetryStore as TelemetryStore,
    corsOrigins,
    logLevel: logLevel as LogLevel,
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
    ...(apiPublicUrl ? { apiPublicUrl } : {}),
    ...(emailSender ? { emailSender } : {}),
    ...(consoleApiKey ? { consoleApiKey } : {}),
  };
}

/** https, a host, maybe a path; no query, fragment, credentials or trailing slash (links are appended to it). */
function isBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && !url.search && !url.hash && `${url.origin}${url.pathname === '/' ? '' : url.pathname}` === value;
  } catch {
    return false;
  }
}

/** Options of {@link createHydrantApp}. */
export interface CreateHydrantAppOptions {
  readonly model: AppModel;
  /** Props of the App (context, outdir...); tests pass cdk.json's context here. */
  readonly appProps?: AppProps;
  /**
   * Run cdk-nag AwsSolutions on synthesis.
   * @default - true unless the environment sets CDK_VALIDATION=false
   */
  readonly nag?: boolean;
  /**
   * The `functions/` folder.
   * @default `<repo>/functions`
   */
  readonly functionsDir?: string;
}

/** The app with its one stack `Hydrant-<stage>`, and cdk-nag registered unless disabled. */
export function createHydrantApp(options: CreateHydrantAppOptions): { app: App; stack: HydrantStack; settings: HydrantSettings } {
  const app = new App(options.appProps);
  const settings = readSettings(app);
  const stack = new HydrantStack(app, `Hydrant-${settings.stage}`, {
    stage: settings.stage,
    model: options.model,
    corsOrigins: settings.corsOrigins,
    logLevel: settings.logLevel,
    telemetryStore: settings.telemetryStore,
    ...(settings.authDomainPrefix ? { authDomainPrefix: settings.authDomainPrefix } : {}),
    ...(settings.apiPublicUrl ? { apiPublicUrl: settings.apiPublicUrl } : {}),
    ...(settings.emailSender ? { emailSender: settings.emailSender } : {}),
    ...(settings.consoleApiKey ? { consoleApiKey: settings.consoleApiKey } : {}),
    ...(options.functionsDir ? { functionsDir: options.functionsDir } : {}),
    description: `Hydrant ${settings.stage}: API, workers, data and identities of the water-network backend`,
    // Environment-agnostic on purpose: no lookups, so the same template deploys to the
    // account and region of whatever profile runs `cdk deploy`, and synth never needs AWS.
    tags: { project: 'hydrant', stage: settings.stage },
  });
  const nag = options.nag ?? process.env.CDK_VALIDATION !== 'false';
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, settings };
}
