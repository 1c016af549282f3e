/**
 * SDK client settings for the local emulators (DynamoDB Local, fauxqs).
 *
 * Handlers never build these themselves: the local stack injects the endpoints
 * through configuration, exactly where the cloud relies on the default chain.
 */

/** Region every local emulator is addressed in; ARNs and queue URLs use it. */
export const LOCAL_REGION = 'us-east-1';

/**
 * Dummy static credentials. Neither emulator checks them, but the SDK refuses to
 * sign without credentials and must not fall back to a developer's real profile.
 */
export const LOCAL_CREDENTIALS = Object.freeze({
  accessKeyId: 'local',
  secretAccessKey: 'local',
});

/** The subset of SDK client configuration that points a client at a local emulator. */
export interface LocalClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * S3 only (other clients ignore it). Without it the SDK sends virtual-hosted
   * requests to `<bucket>.localhost`, which does not resolve on these machines.
   */
  forcePathStyle: true;
}

/**
 * Client configuration for any AWS SDK v3 client talking to a local emulator:
 * `new DynamoDBClient(localClientConfig(ddb.endpoint))`,
 * `new SQSClient(localClientConfig(faux.endpoint))`,
 * `new S3Client(localClientConfig(faux.endpoint))`.
 *
 * For SQS the explicit `endpoint` matters: with it the SDK sends every call to the
 * endpoint and ignores the host of the `QueueUrl` (fauxqs returns URLs such as
 * `http://sqs.us-east-1.localhost:<port>/000000000000/<name>`, whose host does not
 * resolve here). Keep using those queue URLs as opaque identifiers.
 *
 * Checksum settings are deliberately left at the SDK defaults so local runs behave
 * like the cloud; fauxqs neither verifies nor stores checksums (see `startFauxqs`).
 *
 * @param endpoint - base URL of the emulator, e.g. `http://127.0.0.1:4566`
 */
export function localClientConfig(endpoint: string): LocalClientConfig {
  return {
    region: LOCAL_REGION,
    endpoint,
    credentials: { ...LOCAL_CREDENTIALS },
    forcePathStyle: true,
  };
}
