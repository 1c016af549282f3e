/**
 * Where each provider is, per environment: the published endpoints by default, a local
 * stand-in when set (the local stack and the tests point them at `lib/local/emulators/oauth-provider`
 * or a recorded-fixture server). Read once at cold start.
 */
import * as z from 'zod';
import { readEnv } from '#platform/config';

const Url = z.url().optional();
const env = readEnv({
  CONNECTOR_URL_SLACK: Url,
  CONNECTOR_URL_SILAE: Url,
  CONNECTOR_URL_DROPBOX: Url,
  CONNECTOR_URL_QUICKBOOKS: Url,
  CONNECTOR_URL_GOOGLE_CALENDAR: Url,
  CONNECTOR_URL_QUICKBOOKS_AUTHORIZE: Url,
  CONNECTOR_URL_QUICKBOOKS_TOKEN: Url,
  CONNECTOR_URL_GOOGLE_AUTHORIZE: Url,
  CONNECTOR_URL_GOOGLE_TOKEN: Url,
  CONNECTOR_URL_DROPBOX_AUTHORIZE: Url,
  CONNECTOR_URL_DROPBOX_TOKEN: Url,
  CONNECTOR_OAUTH_REDIRECT_URI: Url,
  API_PUBLIC_URL: Url,
});

export const PROVIDER_URLS = {
  /** Slack Web API (https://api.slack.com/web). */
  slack: env.CONNECTOR_URL_SLACK ?? 'https://slack.com/api',
  /** Silae's API host of the customer's payroll firm (set per deployment). */
  silae: env.CONNECTOR_URL_SILAE ?? 'https://payroll-api.silae.fr',
  /** Dropbox API v2 (https://www.dropbox.com/developers/documentation/http/documentation). */
  dropbox: env.CONNECTOR_URL_DROPBOX ?? 'https://api.dropboxapi.com',
  /** QuickBooks Online Accounting API (production; the sandbox is `https://sandbox-quickbooks.api.intuit.com`). */
  quickbooks: env.CONNECTOR_URL_QUICKBOOKS ?? 'https://quickbooks.api.intuit.com',
  /** Google Calendar API v3. */
  googleCalendar: env.CONNECTOR_URL_GOOGLE_CALENDAR ?? 'https://www.googleapis.com',
  oauth: {
    // https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0
    quickbooks: {
      authorize: env.CONNECTOR_URL_QUICKBOOKS_AUTHORIZE ?? 'https://appcenter.intuit.com/connect/oauth2',
      token: env.CONNECTOR_URL_QUICKBOOKS_TOKEN ?? 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    },
    // https://developers.google.com/identity/protocols/oauth2/web-server
    google_calendar: {
      authorize: env.CONNECTOR_URL_GOOGLE_AUTHORIZE ?? 'https://accounts.google.com/o/oauth2/v2/auth',
      token: env.CONNECTOR_URL_GOOGLE_TOKEN ?? 'https://oauth2.googleapis.com/token',
    },
    // https://developers.dropbox.com/oauth-guide
    dropbox: {
      authorize: env.CONNECTOR_URL_DROPBOX_AUTHORIZE ?? 'https://www.dropbox.com/oauth2/authorize',
      token: env.CONNECTOR_URL_DROPBOX_TOKEN ?? 'https://api.dropboxapi.com/oauth2/token',
    },
  },
  /** Where providers send the admin back: this API's public callback route (registered with each provider's app). */
  redirectUri: env.CONNECTOR_OAUTH_REDIRECT_URI ?? `${(env.API_PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '')}/v1/connectors/oauth/callback`,
} as const;
