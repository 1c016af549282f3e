/**
 * A unit of work for atomic batches: while one is active (AsyncLocalStorage, so it
 * follows the async calls of one batch only), writes to the chosen tables are not
 * sent but collected, then committed in one DynamoDB transaction (all or nothing).
 * Reads still go to the table: operations of an atomic batch see the data as it was
 * before the batch.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class UnitOfWork {
  readonly items: { readonly operation: number; readonly item: TransactItem }[] = [];
  /** Index of the batch operation now running; its writes are tagged with it. */
  operation = 0;

  constructor(private readonly tables: ReadonlySet<string>) {}

  /** Whether a command is a write this unit collects instead of sending. */
  collects(command: unknown): boolean {
    const input = (command as { input?: { TableName?: string; TransactItems?: unknown[] } }).input;
    if (command instanceof TransactWriteCommand) return true;
    const isWrite = command instanceof PutCommand || command instanceof UpdateCommand || command instanceof DeleteCommand;
    return isWrite && input?.TableName !== undefined && this.tables.has(input.TableName);
  }

  collect(command: unknown): Record<string, never> {
    const push = (item: TransactItem) => this.items.push({ operation: this.operation, item });
    if (command instanceof TransactWriteCommand) (command.input.TransactItems ?? []).forEach(push);
    else if (command instanceof PutCommand) push({ Put: withoutReturnValues(command.input) as never });
    else if (command instanceof UpdateCommand) push({ Update: withoutReturnValues(command.input) as never });
    else if (command instanceof DeleteCommand) push({ Delete: withoutReturnValues(command.input) as never });
    return {};
  }

  /** Two writes to one item cannot share a DynamoDB transaction. */
  duplicateItem(): boolean {
    const seen = new Set<string>();
    for (const { item } of this.items) {
      const op = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck) as { TableName?: string; Key?: object; Item?: Record<string, unknown> };
      const key = op.Key ?? { PK: op.Item?.PK, SK: op.Item?.SK };
      const id = `${op.TableName}|${JSON.stringify(key)}`;
      if (seen.has(id)) return true;
      seen.add(id);
    }
    return false;
  }
}

function withoutReturnValues(input: object): object {
  const { ReturnValues: _ignored, ...rest } = input as { ReturnValues?: unknown };
  return rest;
}

const storage = new AsyncLocalStorage<UnitOfWork>();

export const currentUnitOfWork = (): UnitOfWork | undefined => storage.getStore();

export function withUnitOfWork<T>(unit: UnitOfWork, fn: () => Promise<T>): Promise<T> {
  return storage.run(unit, fn);
}

/** Runs `fn` outside any unit of work (writes that must happen whatever the batch's fate). */
export function outsideUnitOfWork<T>(fn: () => Promise<T>): Promise<T> {
  return storage.exit(fn);
}
