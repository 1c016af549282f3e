/**
 * The subset of IoT SQL (version 2016-03-23) the local rules engine evaluates:
 *
 *   SELECT <item>[, <item>...] FROM '<topic filter>' [WHERE <condition>]
 *
 * - items: `*` (the fields of the JSON payload), `<expression> AS <name>`, or a field
 *   path `a.b` (named after its last segment);
 * - expressions: field paths into the payload, string (`'...'`), number and boolean
 *   literals, the functions `topic()`, `topic(n)` (1-based segment), `timestamp()`
 *   (epoch ms), `clientid()` and `principal()`, comparisons `= <> != < <= > >=`,
 *   `AND`, `OR`, `NOT` and parentheses;
 * - IoT's Undefined: a missing field or a comparison of values of different types is
 *   undefined, a WHERE that is not `true` does not match, and an undefined item is left
 *   out of the output.
 *
 * Anything else is refused when the rule is compiled, so the local stack never
 * evaluates a rule differently from IoT Core without saying so. Later items win over
 * earlier ones: in `SELECT *, topic(2) AS sensorId`, the topic's value replaces a
 * `sensorId` field of the payload.
 */

export class IotSqlError extends Error {}

/** What the rules engine knows about one published message. */
export interface RuleInput {
  readonly topic: string;
  readonly payload: Buffer;
  readonly clientId: string;
  /** The certificate id of the publisher. */
  readonly principal: string;
  /** When the broker received the message (epoch ms): `timestamp()`. */
  readonly receivedAt: number;
}

export type Evaluation =
  | { readonly matched: false }
  | { readonly matched: true; readonly output: Record<string, unknown> }
  /** The rule could not be evaluated (e.g. the payload is not a JSON object); IoT logs it and runs no action. */
  | { readonly matched: false; readonly error: string };

type Value = string | number | boolean | null | Record<string, unknown> | unknown[] | undefined;

type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'path'; readonly path: readonly string[] }
  | { readonly kind: 'call'; readonly name: 'topic' | 'timestamp' | 'clientid' | 'principal'; readonly args: readonly number[] }
  | { readonly kind: 'compare'; readonly op: '=' | '<>' | '<' | '<=' | '>' | '>='; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr };

type SelectItem = { readonly kind: 'star' } | { readonly kind: 'expr'; readonly expr: Expr; readonly name: string };

// ---- tokenizer

type Token =
  | { readonly type: 'word'; readonly value: string; readonly at: number }
  | { readonly type: 'string'; readonly value: string; readonly at: number }
  | { readonly type: 'number'; readonly value: number; readonly at: number }
  | { readonly type: 'symbol'; readonly value: string; readonly at: number };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new IotSqlError(`Unterminated string at ${i}`);
        if (sql[j] === "'" && sql[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else value += sql[j++];
      }
      tokens.push({ type: 'string', value, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(sql.slice(i))!;
      tokens.push({ type: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i))!;
      tokens.push({ type: 'word', value: match[0], at: i });
      i += match[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      if (['<>', '!=', '<=', '>='].includes(two)) {
        tokens.push({ type: 'symbol', value: two === '!=' ? '<>' : two, at: i });
        i += 2;
      } else if ('*,().=<>'.includes(c)) {
        tokens.push({ type: 'symbol', value: c, at: i });
        i++;
      } else {
        throw new IotSqlError(`Unsupported character ${JSON.stringify(c)} at ${i}`);
      }
    }
  }
  return tokens;
}

const KEYWORDS = new Set(['select', 'from', 'where', 'as', 'and', 'or', 'not', 'true', 'false']);
const FUNCTIONS = { topic: [0, 1], timestamp: [0, 0], clientid: [0, 0], principal: [0, 0] } as const;

// ---- parser

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.type === 'word' && t.value.toLowerCase() === word;
  }

  private isSymbol(symbol: string): boolean {
    const t = this.peek();
    return t?.type === 'symbol' && t.value === symbol;
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw this.error(`expected ${word.toUpperCase()}`);
    this.i++;
  }

  private expectSymbol(symbol: string): void {
    if (!this.isSymbol(symbol)) throw this.error(`expected ${symbol}`);
    this.i++;
  }

  private error(message: string): IotSqlError {
    const t = this.peek();
    return new IotSqlError(t ? `${message} at ${t.at} (found ${JSON.stringify(t.value)})` : `${message} at the end`);
  }

  query(): { items: SelectItem[]; topicFilter: string; where?: Expr } {
    this.expectKeyword('select');
    const items: SelectItem[] = [this.item()];
    while (this.isSymbol(',')) {
      this.i++;
      items.push(this.item());
    }
    this.expectKeyword('from');
    const from = this.peek();
    if (from?.type !== 'string') throw this.error("expected a quoted topic filter ('a/+/b')");
    this.i++;
    let where: Expr | undefined;
    if (this.isKeyword('where')) {
      this.i++;
      where = this.expr();
    }
    if (this.peek()) throw this.error('unsupported clause');
    return { items, topicFilter: from.value, ...(where ? { where } : {}) };
  }

  private item(): SelectItem {
    if (this.isSymbol('*')) {
      this.i++;
      return { kind: 'star' };
    }
    const expr = this.expr();
    if (this.isKeyword('as')) {
      this.i++;
      const name = this.peek();
      if (name?.type !== 'word' || KEYWORDS.has(name.value.toLowerCase())) throw this.error('expected a name after AS');
      this.i++;
      return { kind: 'expr', expr, name: name.value };
    }
    if (expr.kind === 'path') return { kind: 'expr', expr, name: expr.path.at(-1)! };
    throw this.error('a computed item needs AS <name>');
  }

  private expr(): Expr {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKeyword('not')) {
      this.i++;
      return { kind: 'not', operand: this.not() };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.primary();
    const t = this.peek();
    if (t?.type === 'symbol' && ['=', '<>', '<', '<=', '>', '>='].includes(t.value)) {
      this.i++;
      return { kind: 'compare', op: t.value as '=', left, right: this.primary() };
    }
    return left;
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw this.error('expected an expression');
    if (t.type === 'string' || t.type === 'number') {
      this.i++;
      return { kind: 'literal', value: t.value };
    }
    if (t.type === 'symbol' && t.value === '(') {
      this.i++;
      const inner = this.expr();
      this.expectSymbol(')');
      return inner;
    }
    if (t.type !== 'word') throw this.error('expected an expression');
    const lower = t.value.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      this.i++;
      return { kind: 'literal', value: lower === 'true' };
    }
    if (KEYWORDS.has(lower)) throw this.error('expected an expression');
    this.i++;
    if (this.isSymbol('(')) {
      this.i++;
      if (!(lower in FUNCTIONS)) throw new IotSqlError(`Unsupported function ${t.value}() at ${t.at}`);
      const args: number[] = [];
      while (!this.isSymbol(')')) {
        const arg = this.peek();
        if (arg?.type !== 'number' || !Number.isInteger(arg.value) || arg.value < 1) throw this.error('expected a positive integer argument');
        args.push(arg.value);
        this.i++;
        if (this.isSymbol(',')) this.i++;
      }
      this.i++;
      const [min, max] = FUNCTIONS[lower as keyof typeof FUNCTIONS];
      if (args.length < min || args.length > max) throw new IotSqlError(`${t.value}() takes ${min === max ? min : `${min} to ${max}`} argument(s)`);
      return { kind: 'call', name: lower as keyof typeof FUNCTIONS, args };
    }
    const path = [t.value];
    while (this.isSymbol('.')) {
      this.i++;
      const next = this.peek();
      if (next?.type !== 'word') throw this.error('expected a field name after .');
      path.push(next.value);
      this.i++;
    }
    return { kind: 'path', path };
  }
}

// ---- evaluation

/** Whether an MQTT topic matches a topic filter (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

function usesDocument(expr: Expr): boolean {
  switch (expr.kind) {
    case 'path':
      return true;
    case 'compare':
    case 'and':
    case 'or':
      return usesDocument(expr.left) || usesDocument(expr.right);
    case 'not':
      return usesDocument(expr.operand);
    default:
      return false;
  }
}

function compare(op: '=' | '<>' | '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  const sameType = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') || (typeof a === 'boolean' && typeof b === 'boolean');
  if (!sameType) return op === '=' ? (a === null && b === null ? true : undefined) : undefined;
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  switch (op) {
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function evaluate(expr: Expr, doc: Record<string, unknown>, input: RuleInput): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path': {
      let value: unknown = doc;
      for (const key of expr.path) {
        if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
        value = (value as Record<string, unknown>)[key];
      }
      return value as Value;
    }
    case 'call':
      if (expr.name === 'timestamp') return input.receivedAt;
      if (expr.name === 'clientid') return input.clientId;
      if (expr.name === 'principal') return input.principal;
      if (expr.args.length === 0) return input.topic;
      return input.topic.split('/')[expr.args[0]! - 1];
    case 'compare':
      return compare(expr.op, evaluate(expr.left, doc, input), evaluate(expr.right, doc, input));
    case 'and': {
      const l = evaluate(expr.left, doc, input);
      const r = evaluate(expr.right, doc, input);
      if (l === false || r === false) return false;
      return l === true && r === true ? true : undefined;
    }
    case 'or': {
      const l = evaluate(expr.left, doc, input);
      const r = evaluate(expr.right, doc, input);
      if (l === true || r === true) return true;
      return l === false && r === false ? false : undefined;
    }
    case 'not': {
      const v = evaluate(expr.operand, doc, input);
      return typeof v === 'boolean' ? !v : undefined;
    }
  }
}

export interface CompiledRule {
  readonly sql: string;
  readonly topicFilter: string;
  /** Evaluates the rule against one message. */
  evaluate(input: RuleInput): Evaluation;
}

/** Compiles IoT SQL; throws IotSqlError on anything outside the supported subset. */
export function compileIotSql(sql: string): CompiledRule {
  const { items, topicFilter, where } = new Parser(tokenize(sql)).query();
  if (!topicFilter || topicFilter.split('/').some((level, i, all) => (level.includes('#') && (level !== '#' || i !== all.length - 1)) || (level.includes('+') && level !== '+'))) {
    throw new IotSqlError(`Invalid topic filter '${topicFilter}'`);
  }
  const needsDocument = items.some((item) => item.kind === 'star' || usesDocument(item.expr)) || (where !== undefined && usesDocument(where));
  return {
    sql,
    topicFilter,
    evaluate(input) {
      if (!topicMatches(topicFilter, input.topic)) return { matched: false };
      let doc: Record<string, unknown> = {};
      if (needsDocument) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(input.payload.toString('utf8'));
        } catch {
          return { matched: false, error: 'The payload is not JSON' };
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { matched: false, error: 'The payload is not a JSON object' };
        doc = parsed as Record<string, unknown>;
      }
      if (where !== undefined && evaluate(where, doc, input) !== true) return { matched: false };
      const output: Record<string, unknown> = {};
      for (const item of items) {
        if (item.kind === 'star') Object.assign(output, doc);
        else {
          const value = evaluate(item.expr, doc, input);
          if (value !== undefined) output[item.name] = value;
          else delete output[item.name];
        }
      }
      return { matched: true, output };
    },
  };
}
