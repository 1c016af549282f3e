/** The adapter of each connector type. */
import type { ConnectorType } from '#domain/connectors';
import type { ConnectorPort } from './port';
import { dropboxConnector } from './dropbox';
import { googleCalendarConnector } from './google-calendar';
import { quickbooksConnector } from './quickbooks';
import { sage100Connector } from './sage-100';
import { silaeConnector } from './silae';
import { slackConnector } from './slack';

const ADAPTERS: Readonly<Record<ConnectorType, ConnectorPort>> = { slack: slackConnector, silae: silaeConnector, dropbox: dropboxConnector, quickbooks: quickbooksConnector, google_calendar: googleCalendarConnector, sage_100: sage100Connector };

export const connectorAdapter = (type: ConnectorType): ConnectorPort => ADAPTERS[type];
