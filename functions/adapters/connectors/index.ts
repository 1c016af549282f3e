/**
 * The adapter of each connector type. Sage 100 has its credentials stored but no data
 * adapter in this version: a run of one
 * is recorded as failed with that reason (never silently skipped).
 */
import type { ConnectorType } from '#domain/connectors';
import type { ConnectorPort } from './port';
import { dropboxConnector } from './dropbox';
import { googleCalendarConnector } from './google-calendar';
import { quickbooksConnector } from './quickbooks';
import { silaeConnector } from './silae';
import { slackConnector } from './slack';

const ADAPTERS: Partial<Record<ConnectorType, ConnectorPort>> = { slack: slackConnector, silae: silaeConnector, dropbox: dropboxConnector, quickbooks: quickbooksConnector, google_calendar: googleCalendarConnector };

export function connectorAdapter(type: ConnectorType): ConnectorPort {
  const adapter = ADAPTERS[type];
  if (!adapter) throw new Error(`no adapter for ${type} connectors in this version`);
  return adapter;
}
