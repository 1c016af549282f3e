/**
 * The local emulator launchers against the real emulators: DynamoDB Local (Java)
 * and fauxqs (in-process SQS + S3). Also pins the fauxqs behaviours the local stack
 * relies on, and the gaps it has, so an upgrade that changes them is noticed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { startDynamoDbLocal, type DynamoDbLocal } from '#lib/local/emulators/dynamodb-local/launcher';
import { startFauxqs, type FauxqsEmulator } from '#lib/local/emulators/fauxqs/launcher';

/** `ps` state of a pid, or '' once it is gone; zombies (`Z`) count as dead. */
function processState(pid: number): string {
  return spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
}

function isRunning(pid: number): boolean {
  const state = processState(pid);
  return state !== '' && !state.startsWith('Z');
}

function runningWatchdogsFor(javaPid: number): number {
  const ps = spawnSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' }).stdout;
  return ps
    .split('\n')
    .filter((line) => !line.trim().startsWith('Z') && line.includes(`hydrant-ddb-watchdog ${javaPid}`)).length;
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return predicate();
}

describe('DynamoDB Local', () => {
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;
  let startMs: number;

  beforeAll(async () => {
    const started = Date.now();
    ddb = await startDynamoDbLocal();
    startMs = Date.now() - started;
    client = new DynamoDBClient(localClientConfig(ddb.endpoint));
  });

  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
  });

  it('starts on a free loopback port within the expected time', () => {
    expect(ddb.endpoint).toBe(`http://127.0.0.1:${ddb.port}`);
    expect(ddb.port).toBeGreaterThan(0);
    expect(startMs).toBeLessThan(15_000);
    console.info(`DynamoDB Local answered ListTables after ${startMs} ms`);
  });

  it('creates a table with a GSI and honours a conditional TransactWriteItems', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'hydrant',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    const table = await client.send(new DescribeTableCommand({ TableName: 'hydrant' }));
    expect(table.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('gsi1');

    const createWorkOrder = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: 'hydrant',
            Item: {
              pk: { S: 'TENANT#t1#WO#1' },
              sk: { S: 'META' },
              gsi1pk: { S: 'TENANT#t1#SITE#s1' },
              gsi1sk: { S: 'WO#1' },
              version: { N: '1' },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: 'hydrant',
            Key: { pk: { S: 'TENANT#t1#SITE#s1' }, sk: { S: 'COUNTERS' } },
            UpdateExpression: 'ADD openWorkOrders :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    });
    await client.send(createWorkOrder);

    // The same transaction again must be cancelled as a whole by the condition.
    const rejected = await client.send(createWorkOrder).catch((err: unknown) => err);
    expect(rejected).toBeInstanceOf(TransactionCanceledException);
    expect((rejected as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
    ]);
    const counters = await client.send(
      new GetItemCommand({ TableName: 'hydrant', Key: { pk: { S: 'TENANT#t1#SITE#s1' }, sk: { S: 'COUNTERS' } } }),
    );
    expect(counters.Item?.openWorkOrders?.N).toBe('1');

    const bySite = await client.send(
      new QueryCommand({
        TableName: 'hydrant',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :site',
        ExpressionAttributeValues: { ':site': { S: 'TENANT#t1#SITE#s1' } },
      }),
    );
    expect(bySite.Items?.map((item) => item.gsi1sk?.S)).toEqual(['WO#1']);
  });

  it('shares one database across credentials (-sharedDb)', async () => {
    const other = new DynamoDBClient({
      ...localClientConfig(ddb.endpoint),
      region: 'eu-west-1',
      // DynamoDB Local rejects access key ids that are not alphanumeric.
      credentials: { accessKeyId: 'someoneelse', secretAccessKey: 'x' },
    });
    try {
      const table = await other.send(new DescribeTableCommand({ TableName: 'hydrant' }));
      expect(table.Table?.TableName).toBe('hydrant');
    } finally {
      other.destroy();
    }
  });

  it('gives up after HYDRANT_DYNAMODB_START_TIMEOUT_MS, and refuses a value that is not a number of milliseconds', async () => {
    const before = process.env.HYDRANT_DYNAMODB_START_TIMEOUT_MS;
    process.env.HYDRANT_DYNAMODB_START_TIMEOUT_MS = '1';
    try {
      await expect(startDynamoDbLocal()).rejects.toThrow(/did not answer ListTables .* within 1 ms/);
      process.env.HYDRANT_DYNAMODB_START_TIMEOUT_MS = 'soon';
      await expect(startDynamoDbLocal()).rejects.toThrow(/HYDRANT_DYNAMODB_START_TIMEOUT_MS must be a positive number/);
    } finally {
      if (before === undefined) delete process.env.HYDRANT_DYNAMODB_START_TIMEOUT_MS;
      else process.env.HYDRANT_DYNAMODB_START_TIMEOUT_MS = before;
    }
  });

  it('stop() kills Java and its watchdog', async () => {
    const own = await startDynamoDbLocal();
    expect(isRunning(own.pid)).toBe(true);
    expect(runningWatchdogsFor(own.pid)).toBe(1);
    await own.stop();
    expect(isRunning(own.pid)).toBe(false);
    expect(await waitFor(() => runningWatchdogsFor(own.pid) === 0, 2_000)).toBe(true);
    await own.stop(); // idempotent
  });

  it('Java dies with its parent even when the parent is SIGKILLed', async () => {
    const launcher = new URL('../../lib/local/emulators/dynamodb-local/launcher.ts', import.meta.url).href;
    const script = [
      `import { startDynamoDbLocal } from ${JSON.stringify(launcher)};`,
      'const ddb = await startDynamoDbLocal();',
      'console.log(JSON.stringify({ pid: ddb.pid }));',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: parent.stdout! });
      let javaPid: number | undefined;
      for await (const line of lines) {
        if (line.startsWith('{')) {
          javaPid = (JSON.parse(line) as { pid: number }).pid;
          break;
        }
      }
      expect(javaPid).toBeTypeOf('number');
      expect(isRunning(javaPid!)).toBe(true);
      parent.kill('SIGKILL'); // no exit handler can run: only the watchdog can clean up
      expect(await waitFor(() => !isRunning(javaPid!), 5_000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('fauxqs', () => {
  let faux: FauxqsEmulator;
  let sqs: SQSClient;
  let s3: S3Client;

  beforeAll(async () => {
    const started = Date.now();
    faux = await startFauxqs();
    console.info(`fauxqs listening after ${Date.now() - started} ms`);
    sqs = new SQSClient(localClientConfig(faux.endpoint));
    s3 = new S3Client(localClientConfig(faux.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'documents' }));
  });

  afterAll(async () => {
    sqs?.destroy();
    s3?.destroy();
    await faux?.stop();
  });

  async function createQueueWithDlq(name: string, maxReceiveCount: number) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: '30',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
        },
      }),
    );
    return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
  }

  it('serves SQS on the explicit endpoint although queue URL hosts do not resolve', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'plain' }));
    expect(QueueUrl).toBe(`http://sqs.us-east-1.localhost:${faux.port}/000000000000/plain`);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(Messages?.[0]?.Body).toBe('hello');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []).toEqual([]);
  });

  it('hides received messages for the visibility timeout and moves them to the DLQ after maxReceiveCount', async () => {
    const { queueUrl, dlqUrl } = await createQueueWithDlq('telemetry-events', 2);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));

    for (let receive = 1; receive <= 2; receive++) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      );
      expect(Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(receive));
      // Invisible while in flight...
      expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages ?? []).toEqual([]);
      // ...until the consumer gives it back, as a failed Lambda batch item would on timeout.
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: Messages![0]!.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }

    // The third receive exceeds maxReceiveCount: the message goes to the DLQ instead.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages ?? []).toEqual([]);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl }));
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });

  it('long-polls: a waiting receive returns as soon as a message arrives', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'forecast-jobs' }));
    const started = Date.now();
    const receive = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    await new Promise((r) => setTimeout(r, 200));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'job' }));
    const { Messages } = await receive;
    expect(Messages?.[0]?.Body).toBe('job');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('puts and gets S3 objects path-style with metadata and content type', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'documents',
        Key: 't1/reports/2025-01.csv',
        Body: 'a,b\n1,2\n',
        ContentType: 'text/csv',
        Metadata: { tenant: 't1' },
      }),
    );
    const object = await s3.send(new GetObjectCommand({ Bucket: 'documents', Key: 't1/reports/2025-01.csv' }));
    expect(await object.Body?.transformToString()).toBe('a,b\n1,2\n');
    expect(object.ContentType).toBe('text/csv');
    expect(object.Metadata).toEqual({ tenant: 't1' });
  });

  it('accepts uploads through presigned PUT URLs and serves presigned GETs with fetch', async () => {
    const putUrl = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: 'documents', Key: 't1/uploads/manual.pdf', ContentType: 'application/pdf' }),
      { expiresIn: 300 },
    );
    expect(new URL(putUrl).origin).toBe(faux.endpoint);
    const upload = await fetch(putUrl, {
      method: 'PUT',
      body: '%PDF-1.7',
      headers: { 'content-type': 'application/pdf' },
    });
    expect(upload.status).toBe(200);

    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'documents', Key: 't1/uploads/manual.pdf' }), {
      expiresIn: 300,
    });
    const download = await fetch(getUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(await download.text()).toBe('%PDF-1.7');
  });

  describe('known gaps (if one of these fails, fauxqs changed: update the TSDoc of startFauxqs)', () => {
    it('does not verify presigned URL signatures', async () => {
      const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'documents', Key: 'unsigned' }), {
        expiresIn: 60,
      });
      const tampered = url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00');
      expect((await fetch(tampered, { method: 'PUT', body: 'x' })).status).toBe(200);
    });

    it('accepts SSE-KMS headers but neither stores nor echoes them', async () => {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: 'documents',
          Key: 'kms',
          Body: 'secret',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'alias/hydrant',
        }),
      );
      expect(put.ServerSideEncryption).toBeUndefined();
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'documents', Key: 'kms' }));
      expect(head.ServerSideEncryption).toBeUndefined();
    });

    it('does not verify request checksums: a wrong CRC32 is accepted, stored and returned as sent', async () => {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: 'documents', Key: 'crc', Body: 'hello', ChecksumCRC32: 'AAAAAA==' }),
      );
      expect(put.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"'); // MD5 of the body
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'documents', Key: 'crc', ChecksumMode: 'ENABLED' }));
      expect(head.ChecksumCRC32).toBe('AAAAAA=='); // S3 would have refused the PUT: CRC32 of "hello" is NhCmhg==
    });

    it('ignores If-None-Match on PUT (no conditional create)', async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'documents', Key: 'once', Body: 'first' }));
      await s3.send(new PutObjectCommand({ Bucket: 'documents', Key: 'once', Body: 'second', IfNoneMatch: '*' }));
      const object = await s3.send(new GetObjectCommand({ Bucket: 'documents', Key: 'once' }));
      expect(await object.Body?.transformToString()).toBe('second');
    });
  });
});
