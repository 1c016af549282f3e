/**
 * One connector run per message (`runConnector`): a run that fails is in the connector's sync
 * log and fails only its own record (SQS retries it, then the DLQ); other connectors' runs
 * in the batch go on.
 */
import { runConnector } from '#application/connectors/run-connector';
import { ConnectorRunJob } from '#domain/connectors';
import { sqsWorker } from '#platform/sqs-worker';

export const handler = sqsWorker(ConnectorRunJob, (job) => runConnector(job));
