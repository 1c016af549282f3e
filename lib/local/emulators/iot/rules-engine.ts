/**
 * The local IoT rules engine: applies the app model's IoT rules to every message a
 * device publishes, as IoT Core does.
 *
 * - Each rule whose SQL matches gets its output computed once; its actions run
 *   independently of each other and of other rules.
 * - `function` action: IoT invokes Lambda asynchronously, so the publish never waits
 *   for the handler. When the function cannot be invoked at all (its module does not
 *   load), that is an IoT action failure and goes to the rule's error action. When the
 *   handler throws, Lambda retries it twice, then sends an on-failure destination record
 *   to the same error queue (the CDK stack configures exactly that destination).
 * - `queue` action: a message with the output as the JSON body (`useBase64: false`); a
 *   failure goes to the error action. The messages of one queue that come within a few
 *   milliseconds of each other are sent by one SendMessageBatch (up to 10), so a device's
 *   burst is not held back by one HTTP call per message to the local SQS.
 * - Error action message, as IoT Core writes it: `{ruleName, topic, cloudwatchTraceId,
 *   clientId, base64OriginalPayload, failures: [{failedAction, failedResource, errorMessage}]}`.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionSpec, IotRuleAction, IotRuleDecl } from '#lib/model/types';
import { compileIotSql, type CompiledRule, type RuleInput } from './iot-sql';

/** Runs a handler as Lambda would (see `lib/local/runtime/lambda-invoker`). */
export interface FunctionRunner {
  /** Loads the module; rejects when it cannot be (the invocation itself fails). */
  load(handler: string): Promise<unknown>;
  invoke(name: string, handler: string, fn: FunctionSpec, event: unknown): Promise<unknown>;
}

export interface RulesEngineOptions {
  readonly rules: readonly IotRuleDecl[];
  readonly sqs: SQSClient;
  /** Queue URLs by model name, including the error queues. */
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly functions: FunctionRunner;
  /**
   * Waits before Lambda's two retries of an asynchronous invocation that failed
   * (about 1 and 2 minutes in AWS; short locally). @default [1000, 2000]
   */
  readonly retryDelaysMs?: readonly number[];
  readonly region?: string;
  readonly accountId?: string;
  /** @default console.warn */
  readonly log?: (message: string, detail?: unknown) => void;
}

/** What happened to the messages so far (for `npm start`'s log and the tests). */
export interface RulesEngineStats {
  matched: number;
  actionsSucceeded: number;
  actionsFailed: number;
  /** Messages whose rule could not be evaluated (payload not a JSON object). */
  unevaluated: number;
}

interface CompiledDecl {
  readonly decl: IotRuleDecl;
  readonly compiled: CompiledRule;
}

/** How long a queue action's message waits for others to share its SendMessageBatch. */
const BATCH_LINGER_MS = 5;

export class RulesEngine {
  private readonly rules: CompiledDecl[];
  private readonly pending = new Set<Promise<void>>();
  /** Pending retry waits: stopping cancels them (the wait resolves `false`). */
  private readonly waits = new Map<NodeJS.Timeout, (waited: boolean) => void>();
  private stopped = false;
  /** Messages waiting to be sent, by queue URL (see {@link sendToQueue}). */
  private readonly outgoing = new Map<string, Array<{ body: string; sent: (error?: Error) => void }>>();
  readonly stats: RulesEngineStats = { matched: 0, actionsSucceeded: 0, actionsFailed: 0, unevaluated: 0 };

  constructor(private readonly options: RulesEngineOptions) {
    this.rules = options.rules.map((decl) => {
      try {
        return { decl, compiled: compileIotSql(decl.sql) };
      } catch (error) {
        throw new Error(`IoT rule ${decl.name}: ${(error as Error).message}`, { cause: error });
      }
    });
    for (const { decl } of this.rules) {
      for (const queue of [...decl.actions.flatMap((a) => (a.kind === 'queue' ? [a.queue] : [])), decl.errorAction.queue]) {
        if (!options.queueUrls[queue]) throw new Error(`IoT rule ${decl.name} sends to queue ${queue}, which the local stack did not create`);
      }
    }
  }

  /** Applies every rule to one message; the actions run in the background (see {@link idle}). */
  publish(input: RuleInput): void {
    if (this.stopped) return;
    for (const { decl, compiled } of this.rules) {
      const result = compiled.evaluate(input);
      if ('error' in result) {
        this.stats.unevaluated++;
        this.log(`[iot] rule ${decl.name} not evaluated for ${input.topic} from ${input.clientId}: ${result.error}`);
        continue;
      }
      if (!result.matched) continue;
      this.stats.matched++;
      for (const action of decl.actions) this.track(this.runAction(decl, action, result.output, input));
    }
  }

  /** Resolves when every action started so far (with its retries) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops taking messages, cancels pending Lambda retries and waits for running actions. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve(false);
    }
    this.waits.clear();
    await this.idle();
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.log('[iot] rule action crashed', error)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private log(message: string, detail?: unknown): void {
    (this.options.log ?? console.warn)(message, ...(detail === undefined ? [] : [detail]));
  }

  private async runAction(decl: IotRuleDecl, action: IotRuleAction, output: Record<string, unknown>, input: RuleInput): Promise<void> {
    if (action.kind === 'queue') {
      const queueUrl = this.options.queueUrls[action.queue]!;
      try {
        await this.sendToQueue(queueUrl, JSON.stringify(output));
        this.stats.actionsSucceeded++;
      } catch (error) {
        this.stats.actionsFailed++;
        await this.sendError(decl, input, { failedAction: 'SqsAction', failedResource: queueUrl, errorMessage: `Failed to send message to SQS: ${(error as Error).message}` });
      }
      return;
    }
    const functionArn = `arn:aws:lambda:${this.options.region ?? 'us-east-1'}:${this.options.accountId ?? '000000000000'}:function:hydrant-local-${decl.name}`;
    try {
      await this.options.functions.load(action.handler);
    } catch (error) {
      this.stats.actionsFailed++;
      await this.sendError(decl, input, { failedAction: 'LambdaAction', failedResource: functionArn, errorMessage: `Failed to invoke lambda function: ${(error as Error).message}` });
      return;
    }
    await this.invokeAsynchronously(decl, action, output, functionArn);
  }

  /** Lambda's asynchronous invocation: the first attempt and two retries, then the on-failure destination. */
  private async invokeAsynchronously(decl: IotRuleDecl, action: Extract<IotRuleAction, { kind: 'function' }>, event: Record<string, unknown>, functionArn: string): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [1000, 2000];
    const requestId = randomUUID();
    let lastError: unknown;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) {
        const delay = delays[attempt - 1]!;
        const waited = await new Promise<boolean>((resolve) => {
          if (this.stopped) return resolve(false);
          const timer = setTimeout(() => {
            this.waits.delete(timer);
            resolve(true);
          }, delay);
          this.waits.set(timer, resolve);
        });
        // Stopped while waiting: like a Lambda event still queued when the stack goes away, it is dropped.
        if (!waited) return;
      }
      try {
        await this.options.functions.invoke(decl.name, action.handler, action.fn, event);
        this.stats.actionsSucceeded++;
        return;
      } catch (error) {
        lastError = error;
        this.log(`[iot] rule ${decl.name}: ${action.handler} failed (attempt ${attempt + 1} of ${delays.length + 1})`, error);
      }
    }
    this.stats.actionsFailed++;
    const failure = lastError instanceof Error ? lastError : new Error(String(lastError));
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId, functionArn: `${functionArn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: delays.length + 1 },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: failure.name, errorMessage: failure.message },
    };
    await this.sendToErrorQueue(decl, record);
  }

  /** Sends a message body to a queue, in a SendMessageBatch with the others that come within {@link BATCH_LINGER_MS}. */
  private sendToQueue(queueUrl: string, body: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let waiting = this.outgoing.get(queueUrl);
      if (!waiting) {
        waiting = [];
        this.outgoing.set(queueUrl, waiting);
        setTimeout(() => void this.flush(queueUrl), BATCH_LINGER_MS);
      }
      waiting.push({ body, sent: (error) => (error ? reject(error) : resolve()) });
      if (waiting.length === 10) void this.flush(queueUrl);
    });
  }

  private async flush(queueUrl: string): Promise<void> {
    const entries = this.outgoing.get(queueUrl);
    if (!entries) return;
    this.outgoing.delete(queueUrl);
    try {
      const out = await this.options.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries.map((e, i) => ({ Id: String(i), MessageBody: e.body })) }));
      const failed = new Map((out.Failed ?? []).map((f) => [Number(f.Id), f.Message ?? f.Code ?? 'failed']));
      entries.forEach((e, i) => e.sent(failed.has(i) ? new Error(failed.get(i)) : undefined));
    } catch (error) {
      for (const e of entries) e.sent(error as Error);
    }
  }

  private async sendError(decl: IotRuleDecl, input: RuleInput, failure: { failedAction: string; failedResource: string; errorMessage: string }): Promise<void> {
    this.log(`[iot] rule ${decl.name}: ${failure.failedAction} failed: ${failure.errorMessage}`);
    await this.sendToErrorQueue(decl, {
      ruleName: decl.name,
      topic: input.topic,
      cloudwatchTraceId: randomUUID(),
      clientId: input.clientId,
      base64OriginalPayload: input.payload.toString('base64'),
      failures: [failure],
    });
  }

  private async sendToErrorQueue(decl: IotRuleDecl, message: unknown): Promise<void> {
    try {
      await this.options.sqs.send(new SendMessageCommand({ QueueUrl: this.options.queueUrls[decl.errorAction.queue]!, MessageBody: JSON.stringify(message) }));
    } catch (error) {
      // IoT drops a message whose error action fails too (and logs it): so do we, loudly.
      this.log(`[iot] rule ${decl.name}: the error action failed as well; the message is lost`, error);
    }
  }
}
