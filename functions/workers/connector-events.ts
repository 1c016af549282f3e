/** Domain events (the relay's `connector-events` queue) to one run message per connector that takes each (`dispatchConnectorEvent`). */
import { dispatchConnectorEvent } from '#application/connectors/queue-connector-runs';
import { EventEnvelope } from '#domain/events';
import { sqsWorker } from '#platform/sqs-worker';

export const handler = sqsWorker(EventEnvelope, (event) => dispatchConnectorEvent(event));
