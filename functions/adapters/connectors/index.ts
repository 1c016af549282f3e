/**
 * The adapter of each connector type. Google Calendar and Sage 100 have
 * their OAuth2 grant or credentials stored but no data adapter in this version: a run of one
 * is recorded as failed with that reason (never silently skipped).
 */
import type { ConnectorType } from '#domain/connectors';
import type { ConnectorPort } from './port';
import { dropboxConnector } from './dropbox';
import { quickbooksConnector } from './quickbooks';
import { silaeConnector } from './silae';
import { slackConnector } from './slack';

const ADAPTERS: Partial<Record<ConnectorType, ConnectorPort>> = { slack: slackConnector, silae: silaeConnector, dropbox: dropboxConnector, quickbooks: quickbooksConnector };

export function connectorAdapter(type: ConnectorType): ConnectorPort {
  const adapter = ADAPTERS[type];
  if (!adapter) throw new Error(`no adapter for ${type} connectors in this version`);
  return adapter;
}
