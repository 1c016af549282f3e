/**
 * The one DynamoDB document client of a function, created once per execution
 * environment. The endpoint comes from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally), so no code knows where it runs.
 *
 * Inside an atomic batch's unit of work, writes are collected for one transaction
 * instead of being sent (see `#platform/unit-of-work`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentUnitOfWork } from '#platform/unit-of-work';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

const send = client.send.bind(client) as (command: unknown, options?: unknown) => Promise<unknown>;

export const documentClient = new Proxy(client, {
  get(target, property, receiver) {
    if (property !== 'send') return Reflect.get(target, property, receiver);
    return (command: unknown, options?: unknown) => {
      const unit = currentUnitOfWork();
      return unit?.collects(command) ? Promise.resolve(unit.collect(command)) : send(command, options);
    };
  },
}) as DynamoDBDocumentClient;

/** Sends a transaction of collected writes (used to commit a unit of work). */
export const sendDirect = send;
