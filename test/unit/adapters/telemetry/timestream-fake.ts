/**
 * A small in-memory Timestream for LiveAnalytics, plugged into aws-sdk-client-mock with
 * `callsFake`. It keeps the records WriteRecords sends and really evaluates the SQL the
 * adapter generates (a subset of Timestream's dialect: SELECT with expressions and
 * aliases, WHERE conjunctions of =, <, <=, >, >=, IN; GROUP BY; ORDER BY; LIMIT; the
 * functions bin, from_milliseconds, to_milliseconds, count, sum, min, max, min_by, max_by).
 *
 * Behaviour and shapes follow the service's documentation:
 * - WriteRecords: at most 100 records (ValidationException beyond); CommonAttributes merged
 *   into each record; MULTI measures; an identical record rewritten is a no-op; the same
 *   time and dimensions with other measure values is rejected (RejectedRecordsException with
 *   RejectedRecords[].RecordIndex / Reason / ExistingVersion) while the request's other
 *   records are stored; records older than the memory store retention are rejected.
 * - Query: `{QueryId, Rows: [{Data: [{ScalarValue} | {NullValue: true}]}], ColumnInfo:
 *   [{Name, Type: {ScalarType}}], NextToken?, QueryStatus}`; results are paged (the first
 *   page is empty with a NextToken, as the service may do), tokens are single-use.
 */
import { QueryCommand, TimestreamQueryClient, ValidationException as QueryValidationException } from '@aws-sdk/client-timestream-query';
import {
  RejectedRecordsException,
  ThrottlingException,
  TimestreamWriteClient,
  ValidationException,
  WriteRecordsCommand,
  type WriteRecordsCommandInput,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { mockClient } from 'aws-sdk-client-mock';

type Value = number | string | null;
type Row = Record<string, Value>;

export interface TimestreamFakeOptions {
  database: string;
  table: string;
  /** Rows per Query page. @default 50 */
  pageSize?: number;
  /** Records older than this (relative to `now()`) are rejected. @default unlimited */
  memoryRetentionMs?: number;
  now?: () => number;
}

export class TimestreamFake {
  readonly writeMock = mockClient(TimestreamWriteClient);
  readonly queryMock = mockClient(TimestreamQueryClient);
  /** Records by identity (dimensions + measure name + time). */
  readonly records = new Map<string, Row>();
  readonly queries: string[] = [];
  private readonly pages = new Map<string, { rows: Row[]; columns: Column[] }>();
  private throttleWrites = 0;
  private throttleQueries = 0;
  private queryCount = 0;

  constructor(private readonly options: TimestreamFakeOptions) {
    this.writeMock.on(WriteRecordsCommand).callsFake((input: WriteRecordsCommandInput) => this.writeRecords(input));
    this.queryMock.on(QueryCommand).callsFake((input: { QueryString: string; NextToken?: string }) => this.query(input));
  }

  /** Records older than `ms` before `now()` are rejected from now on (`undefined`: no limit). */
  setMemoryRetention(ms: number | undefined, now?: () => number): void {
    this.options.memoryRetentionMs = ms;
    if (now) this.options.now = now;
  }

  /** The next `n` WriteRecords calls fail with ThrottlingException. */
  throttleNextWrites(n: number): void {
    this.throttleWrites = n;
  }

  throttleNextQueries(n: number): void {
    this.throttleQueries = n;
  }

  reset(): void {
    this.records.clear();
    this.queries.length = 0;
    this.pages.clear();
  }

  restore(): void {
    this.writeMock.restore();
    this.queryMock.restore();
  }

  private writeRecords(input: WriteRecordsCommandInput) {
    if (this.throttleWrites > 0) {
      this.throttleWrites--;
      throw new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    }
    if (input.DatabaseName !== this.options.database || input.TableName !== this.options.table) {
      throw new ValidationException({ message: `The table ${input.DatabaseName}.${input.TableName} does not exist`, Message: `The table ${input.DatabaseName}.${input.TableName} does not exist`, $metadata: {} });
    }
    const records = input.Records ?? [];
    if (records.length === 0 || records.length > 100) {
      throw new ValidationException({ message: 'Records must contain between 1 and 100 items', Message: 'Records must contain between 1 and 100 items', $metadata: { httpStatusCode: 400 } });
    }
    const rejected: Array<{ RecordIndex: number; Reason: string; ExistingVersion?: number }> = [];
    const now = (this.options.now ?? Date.now)();
    records.forEach((record, index) => {
      const row = toRow(input.CommonAttributes ?? {}, record);
      if (typeof row.time !== 'number' || !Number.isFinite(row.time)) throw new ValidationException({ message: 'Invalid time', Message: 'Invalid time', $metadata: {} });
      if (this.options.memoryRetentionMs !== undefined && row.time < now - this.options.memoryRetentionMs) {
        rejected.push({ RecordIndex: index, Reason: 'The record timestamp is outside the time range of the data ingestion window.' });
        return;
      }
      const identity = JSON.stringify(Object.keys(row).filter((k) => k.startsWith('dim:')).sort().map((k) => [k, row[k]]).concat([['m', row.measure_name], ['t', row.time]]));
      const existing = this.records.get(identity);
      if (existing) {
        if (JSON.stringify(measuresOf(existing)) !== JSON.stringify(measuresOf(row))) {
          rejected.push({ RecordIndex: index, Reason: 'A record with the same time and dimensions already exists with different measure values.', ExistingVersion: 1 });
        }
        return;
      }
      this.records.set(identity, row);
    });
    if (rejected.length > 0) {
      throw new RejectedRecordsException({ message: 'One or more records have been rejected. See RejectedRecords for details.', Message: 'One or more records have been rejected. See RejectedRecords for details.', $metadata: { httpStatusCode: 419 }, RejectedRecords: rejected });
    }
    return { RecordsIngested: { Total: records.length, MemoryStore: records.length, MagneticStore: 0 }, $metadata: {} };
  }

  private query(input: { QueryString: string; NextToken?: string }) {
    if (this.throttleQueries > 0) {
      this.throttleQueries--;
      throw new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    }
    const queryId = `AEDACANF${String(++this.queryCount).padStart(8, '0')}`;
    let result: { rows: Row[]; columns: Column[] };
    if (input.NextToken !== undefined) {
      const pending = this.pages.get(`${input.QueryString}\u0000${input.NextToken}`);
      if (!pending) throw new QueryValidationException({ message: 'Invalid NextToken', Message: 'Invalid NextToken', $metadata: { httpStatusCode: 400 } });
      this.pages.delete(`${input.QueryString}\u0000${input.NextToken}`);
      result = pending;
    } else {
      this.queries.push(input.QueryString);
      result = this.evaluate(input.QueryString);
      // Like the service, the first answer may hold no rows at all.
      const token = `tok-${this.queryCount}-0`;
      this.pages.set(`${input.QueryString}\u0000${token}`, result);
      return { QueryId: queryId, Rows: [], ColumnInfo: columnInfo(result.columns), NextToken: token, QueryStatus: status(0), $metadata: {} };
    }
    const size = this.options.pageSize ?? 50;
    const page = result.rows.slice(0, size);
    const rest = result.rows.slice(size);
    let NextToken: string | undefined;
    if (rest.length > 0) {
      NextToken = `tok-${this.queryCount}-${rest.length}`;
      this.pages.set(`${input.QueryString}\u0000${NextToken}`, { rows: rest, columns: result.columns });
    }
    return {
      QueryId: queryId,
      Rows: page.map((row) => ({ Data: result.columns.map((c) => datum(row[c.name] ?? null, c.type)) })),
      ColumnInfo: columnInfo(result.columns),
      ...(NextToken ? { NextToken } : {}),
      QueryStatus: status(page.length),
      $metadata: {},
    };
  }

  /** Parses and evaluates one SELECT over the stored records. */
  evaluate(sql: string): { rows: Row[]; columns: Column[] } {
    const parsed = parseSelect(sql);
    if (parsed.from !== `"${this.options.database}"."${this.options.table}"`) {
      throw new QueryValidationException({ message: `Table ${parsed.from} does not exist`, Message: `Table ${parsed.from} does not exist`, $metadata: { httpStatusCode: 400 } });
    }
    let rows = [...this.records.values()].filter((row) => parsed.where.every((c) => evalCondition(c, row)));
    let out: Row[];
    if (parsed.groupBy) {
      const groups = new Map<string, Row[]>();
      for (const row of rows) {
        const key = JSON.stringify(evalExpr(parsed.groupBy, row));
        const list = groups.get(key) ?? [];
        list.push(row);
        groups.set(key, list);
      }
      out = [...groups.values()].map((group) => Object.fromEntries(parsed.select.map((s) => [s.alias, evalAggregate(s.expr, group)])));
      rows = [];
    } else {
      if (parsed.orderBy) {
        const order = parsed.orderBy;
        rows.sort((a, b) => compare(evalExpr(order.expr, a), evalExpr(order.expr, b)) * (order.desc ? -1 : 1));
      }
      out = rows.map((row) => Object.fromEntries(parsed.select.map((s) => [s.alias, evalExpr(s.expr, row)])));
    }
    if (parsed.groupBy && parsed.orderBy) {
      const order = parsed.orderBy;
      const alias = order.expr.kind === 'id' ? order.expr.name : undefined;
      out.sort((a, b) => compare(alias ? (a[alias] ?? null) : null, alias ? (b[alias] ?? null) : null) * (order.desc ? -1 : 1));
    }
    if (parsed.limit !== undefined) out = out.slice(0, parsed.limit);
    const columns = parsed.select.map((s) => ({ name: s.alias, type: typeOf(s.expr) }));
    return { rows: out, columns };
  }
}

// ----- records ---------------------------------------------------------------------------------

function toRow(common: Partial<_Record>, record: _Record): Row {
  const row: Row = {};
  for (const d of [...(common.Dimensions ?? []), ...(record.Dimensions ?? [])]) row[`dim:${d.Name}`] = d.Value ?? null;
  row.measure_name = record.MeasureName ?? common.MeasureName ?? null;
  const type = record.MeasureValueType ?? common.MeasureValueType;
  if (type !== 'MULTI') throw new ValidationException({ message: 'This fake only stores MULTI measure records', Message: 'This fake only stores MULTI measure records', $metadata: {} });
  const unit = record.TimeUnit ?? common.TimeUnit ?? 'MILLISECONDS';
  const time = Number(record.Time ?? common.Time);
  row.time = unit === 'MILLISECONDS' ? time : unit === 'SECONDS' ? time * 1000 : Math.floor(time / (unit === 'MICROSECONDS' ? 1000 : 1_000_000));
  for (const m of record.MeasureValues ?? []) {
    row[`m:${m.Name}`] = m.Type === 'DOUBLE' || m.Type === 'BIGINT' ? Number(m.Value) : (m.Value ?? null);
  }
  return row;
}

const measuresOf = (row: Row) => Object.keys(row).filter((k) => k.startsWith('m:')).sort().map((k) => [k, row[k]]);

// ----- SQL subset --------------------------------------------------------------------------------

type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'interval'; ms: number; text: string }
  | { kind: 'id'; name: string }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'mul'; left: Expr; right: Expr }
  | { kind: 'star' };

type Condition = { op: '=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr } | { op: 'IN'; left: Expr; list: Expr[] };

interface Select {
  select: Array<{ expr: Expr; alias: string }>;
  from: string;
  where: Condition[];
  groupBy?: Expr;
  orderBy?: { expr: Expr; desc: boolean };
  limit?: number;
}

interface Column {
  name: string;
  type: 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'TIMESTAMP';
}

const TOKEN = /\s*("(?:[^"]|"")*"|'(?:[^']|'')*'|\d+(?:ms|s|m|h|d)\b|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|[(),.*=<>])/y;

function tokenize(sql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(sql);
    if (!m) {
      if (/^\s*$/.test(sql.slice(start))) break;
      throw new QueryValidationException({ message: `line 1:${start + 1}: syntax error near ${sql.slice(start, start + 20)}`, Message: `line 1:${start + 1}: syntax error near ${sql.slice(start, start + 20)}`, $metadata: {} });
    }
    tokens.push(m[1] as string);
  }
  return tokens;
}

function parseSelect(sql: string): Select {
  const t = tokenize(sql);
  let i = 0;
  const peek = () => t[i];
  const upper = () => (t[i] ?? '').toUpperCase();
  const expect = (word: string) => {
    if (upper() !== word.toUpperCase()) throw new QueryValidationException({ message: `expected ${word} at token ${i} (${t[i]})`, Message: `expected ${word} at token ${i} (${t[i]})`, $metadata: {} });
    i++;
  };
  const parsePrimary = (): Expr => {
    const tok = t[i++];
    if (tok === undefined) throw new QueryValidationException({ message: 'unexpected end of query', Message: 'unexpected end of query', $metadata: {} });
    if (tok === '*') return { kind: 'star' };
    if (tok.startsWith("'")) return { kind: 'str', value: tok.slice(1, -1).replace(/''/g, "'") };
    if (tok.startsWith('"')) return { kind: 'id', name: tok.slice(1, -1).replace(/""/g, '"') };
    const interval = /^(\d+)(ms|s|m|h|d)$/.exec(tok);
    if (interval) {
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[interval[2] as 'ms'];
      return { kind: 'interval', ms: Number(interval[1]) * unit, text: tok };
    }
    if (/^\d/.test(tok)) return { kind: 'num', value: Number(tok) };
    if (peek() === '(') {
      i++;
      const args: Expr[] = [];
      while (peek() !== ')') {
        args.push(parseExpr());
        if (peek() === ',') i++;
      }
      i++;
      return { kind: 'call', name: tok.toLowerCase(), args };
    }
    return { kind: 'id', name: tok };
  };
  const parseExpr = (): Expr => {
    let left = parsePrimary();
    while (peek() === '*') {
      i++;
      left = { kind: 'mul', left, right: parsePrimary() };
    }
    return left;
  };

  expect('SELECT');
  const select: Select['select'] = [];
  for (;;) {
    const expr = parseExpr();
    let alias = expr.kind === 'id' ? expr.name : `_col${select.length}`;
    if (upper() === 'AS') {
      i++;
      alias = (t[i++] as string).replace(/^"|"$/g, '');
    }
    select.push({ expr, alias });
    if (peek() !== ',') break;
    i++;
  }
  expect('FROM');
  let from = t[i++] as string;
  while (peek() === '.') {
    i++;
    from += `.${t[i++]}`;
  }
  const where: Condition[] = [];
  if (upper() === 'WHERE') {
    i++;
    for (;;) {
      const left = parseExpr();
      const op = upper();
      i++;
      if (op === 'IN') {
        expect('(');
        const list: Expr[] = [];
        while (peek() !== ')') {
          list.push(parseExpr());
          if (peek() === ',') i++;
        }
        i++;
        where.push({ op: 'IN', left, list });
      } else if (op === '=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
        where.push({ op, left, right: parseExpr() });
      } else {
        throw new QueryValidationException({ message: `unsupported operator ${op}`, Message: `unsupported operator ${op}`, $metadata: {} });
      }
      if (upper() !== 'AND') break;
      i++;
    }
  }
  const out: Select = { select, from, where };
  if (upper() === 'GROUP') {
    i++;
    expect('BY');
    out.groupBy = parseExpr();
  }
  if (upper() === 'ORDER') {
    i++;
    expect('BY');
    const expr = parseExpr();
    let desc = false;
    if (upper() === 'ASC' || upper() === 'DESC') desc = (t[i++] as string).toUpperCase() === 'DESC';
    out.orderBy = { expr, desc };
  }
  if (upper() === 'LIMIT') {
    i++;
    out.limit = Number(t[i++]);
  }
  if (i !== t.length) throw new QueryValidationException({ message: `unexpected ${t[i]} at token ${i}`, Message: `unexpected ${t[i]} at token ${i}`, $metadata: {} });
  return out;
}

function column(row: Row, name: string): Value {
  if (name === 'time' || name === 'measure_name') return row[name] ?? null;
  if (`dim:${name}` in row) return row[`dim:${name}`] ?? null;
  return row[`m:${name}`] ?? null;
}

function evalExpr(e: Expr, row: Row): Value {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'str':
      return e.value;
    case 'interval':
      return e.ms;
    case 'id':
      return column(row, e.name);
    case 'star':
      return 1;
    case 'mul': {
      const a = evalExpr(e.left, row);
      const b = evalExpr(e.right, row);
      return a === null || b === null ? null : Number(a) * Number(b);
    }
    case 'call':
      return scalarCall(e.name, e.args.map((a) => evalExpr(a, row)));
  }
}

function scalarCall(name: string, args: Value[]): Value {
  const [a, b] = args;
  switch (name) {
    case 'from_milliseconds':
    case 'to_milliseconds':
      return a ?? null;
    case 'bin':
      return a === null ? null : Math.floor(Number(a) / Number(b)) * Number(b);
    default:
      throw new QueryValidationException({ message: `function ${name} is not supported here`, Message: `function ${name} is not supported here`, $metadata: {} });
  }
}

const AGGREGATES = new Set(['count', 'sum', 'min', 'max', 'min_by', 'max_by', 'avg']);

function evalAggregate(e: Expr, rows: Row[]): Value {
  if (e.kind !== 'call') return rows.length ? evalExpr(e, rows[0] as Row) : null;
  if (!AGGREGATES.has(e.name)) return scalarCall(e.name, e.args.map((a) => evalAggregate(a, rows)));
  const [x, y] = e.args as [Expr, Expr | undefined];
  const pairs = rows.map((r) => [evalExpr(x, r), y ? evalExpr(y, r) : null] as const).filter(([v]) => v !== null);
  if (e.name === 'count') return pairs.length;
  if (pairs.length === 0) return null;
  const values = pairs.map(([v]) => v as number);
  switch (e.name) {
    case 'sum':
      return values.reduce((s, v) => s + v, 0);
    case 'avg':
      return values.reduce((s, v) => s + v, 0) / values.length;
    case 'min':
      return values.reduce((m, v) => (compare(v, m) < 0 ? v : m));
    case 'max':
      return values.reduce((m, v) => (compare(v, m) > 0 ? v : m));
    default: {
      const best = pairs.reduce((m, p) => (compare(p[1], m[1]) * (e.name === 'min_by' ? -1 : 1) > 0 ? p : m));
      return best[0];
    }
  }
}

function evalCondition(c: Condition, row: Row): boolean {
  const left = evalExpr(c.left, row);
  if (left === null) return false;
  if (c.op === 'IN') return c.list.some((x) => evalExpr(x, row) === left);
  const right = evalExpr(c.right, row);
  if (right === null) return false;
  const k = compare(left, right);
  return c.op === '=' ? k === 0 : c.op === '<' ? k < 0 : c.op === '<=' ? k <= 0 : c.op === '>' ? k > 0 : k >= 0;
}

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function typeOf(e: Expr): Column['type'] {
  if (e.kind === 'call') {
    if (e.name === 'to_milliseconds' || e.name === 'count') return 'BIGINT';
    if (e.name === 'bin' || e.name === 'from_milliseconds') return 'TIMESTAMP';
    if (e.name === 'min_by' || e.name === 'max_by' || e.name === 'min' || e.name === 'max') return typeOf(e.args[0] as Expr);
    return 'DOUBLE';
  }
  if (e.kind === 'mul' || e.kind === 'num') return 'DOUBLE';
  if (e.kind === 'id') return e.name === 'time' ? 'TIMESTAMP' : e.name === 'value' ? 'DOUBLE' : 'VARCHAR';
  return 'VARCHAR';
}

function datum(value: Value, type: Column['type']): { ScalarValue: string } | { NullValue: true } {
  if (value === null) return { NullValue: true };
  if (type === 'TIMESTAMP') return { ScalarValue: new Date(Number(value)).toISOString().replace('T', ' ').replace('Z', '000000') };
  if (type === 'BIGINT') return { ScalarValue: String(Math.trunc(Number(value))) };
  return { ScalarValue: String(value) };
}

const columnInfo = (columns: Column[]) => columns.map((c) => ({ Name: c.name, Type: { ScalarType: c.type } }));

const status = (rows: number) => ({ ProgressPercentage: 100, CumulativeBytesScanned: rows * 64, CumulativeBytesMetered: 10_000_000 });
