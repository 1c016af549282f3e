/** The IoT SQL subset of the local rules engine, and the model's rules compiled by it. */
import { describe, expect, it } from 'vitest';
import { compileIotSql, IotSqlError, topicMatches, type RuleInput } from '#lib/local/emulators/iot/iot-sql';
import { appModel } from '#lib/model/index';

const input = (topic: string, payload: unknown, extra: Partial<RuleInput> = {}): RuleInput => ({
  topic,
  payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  clientId: 'PH_001',
  principal: 'c'.repeat(64),
  receivedAt: 1_767_225_600_000,
  ...extra,
});

describe('the model’s telemetry rules', () => {
  it('every rule of the model compiles', () => {
    expect(appModel.iotRules.length).toBeGreaterThan(0);
    for (const rule of appModel.iotRules) expect(() => compileIotSql(rule.sql), rule.name).not.toThrow();
  });

  it('output the payload with the sensor id from the topic and the time IoT received it', () => {
    const rule = compileIotSql(appModel.iotRules[0]!.sql);
    expect(rule.evaluate(input('hydrant/PH_001/telemetry', { ts: '2026-01-01T00:00:00Z', value: 7.2, quality: 'GOOD' }))).toEqual({
      matched: true,
      output: { ts: '2026-01-01T00:00:00Z', value: 7.2, quality: 'GOOD', sensorId: 'PH_001', receivedAt: 1_767_225_600_000 },
    });
    const batch = { readings: [{ ts: 1, value: 2 }, { ts: 2, value: 3 }] };
    expect(rule.evaluate(input('hydrant/FLOW_7/telemetry', batch))).toEqual({ matched: true, output: { ...batch, sensorId: 'FLOW_7', receivedAt: 1_767_225_600_000 } });
  });

  it('a payload cannot claim another sensor: the topic’s sensor id wins', () => {
    const rule = compileIotSql(appModel.iotRules[0]!.sql);
    const result = rule.evaluate(input('hydrant/PH_001/telemetry', { sensorId: 'PH_999', value: 1, receivedAt: 0 }));
    expect(result).toMatchObject({ matched: true, output: { sensorId: 'PH_001', receivedAt: 1_767_225_600_000 } });
  });

  it('ignore other topics and report payloads that are not JSON objects', () => {
    const rule = compileIotSql(appModel.iotRules[0]!.sql);
    expect(rule.evaluate(input('hydrant/PH_001/status', { value: 1 }))).toEqual({ matched: false });
    expect(rule.evaluate(input('hydrant/PH_001/telemetry/extra', { value: 1 }))).toEqual({ matched: false });
    expect(rule.evaluate(input('hydrant/PH_001/telemetry', 'not json'))).toEqual({ matched: false, error: 'The payload is not JSON' });
    expect(rule.evaluate(input('hydrant/PH_001/telemetry', [1, 2]))).toEqual({ matched: false, error: 'The payload is not a JSON object' });
  });
});

describe('IoT SQL subset', () => {
  it('WHERE with comparisons, AND, OR, NOT and parentheses; Undefined does not match', () => {
    const rule = compileIotSql("SELECT value, topic() AS t FROM 'a/#' WHERE (value > 5 AND NOT quality = 'BAD') OR force = true");
    expect(rule.evaluate(input('a/b/c', { value: 6, quality: 'GOOD' }))).toEqual({ matched: true, output: { value: 6, t: 'a/b/c' } });
    expect(rule.evaluate(input('a/b', { value: 6, quality: 'BAD' }))).toEqual({ matched: false });
    expect(rule.evaluate(input('a', { value: 1, force: true }))).toEqual({ matched: true, output: { value: 1, t: 'a' } });
    // A missing field, or a number compared with a string, is Undefined: not a match.
    expect(rule.evaluate(input('a/b', { quality: 'GOOD' }))).toEqual({ matched: false });
    expect(rule.evaluate(input('a/b', { value: '9', quality: 'GOOD' }))).toEqual({ matched: false });
  });

  it('nested fields, literals, clientid(), principal(), quoted quotes, and undefined items left out', () => {
    const rule = compileIotSql("SELECT a.b.c AS deep, 'it''s' AS s, 42 AS n, clientid() AS who, principal() AS p, topic(9) AS nothing, missing FROM 'x'");
    expect(rule.evaluate(input('x', { a: { b: { c: [1] } } }))).toEqual({
      matched: true,
      output: { deep: [1], s: "it's", n: 42, who: 'PH_001', p: 'c'.repeat(64) },
    });
  });

  it('a rule that reads nothing of the payload accepts any payload', () => {
    expect(compileIotSql("SELECT topic(1) AS first FROM '+/+'").evaluate(input('x/y', 'binary\u0000'))).toEqual({ matched: true, output: { first: 'x' } });
  });

  it('refuses what it does not implement, when the rule is compiled', () => {
    for (const sql of [
      "SELECT * FROM 'a' GROUP BY x",
      "SELECT upper(x) AS y FROM 'a'",
      "SELECT topic(2) FROM 'a'",
      "SELECT * FROM a",
      "SELECT * FROM 'a/#/b'",
      "SELECT * FROM 'a/b+'",
      "SELECT x + 1 AS y FROM 'a'",
      "SELECT * FROM 'a' WHERE",
      "SELECT * FROM 'unterminated",
    ]) {
      expect(() => compileIotSql(sql), sql).toThrow(IotSqlError);
    }
  });

  it('matches MQTT topic filters', () => {
    expect(topicMatches('hydrant/+/telemetry', 'hydrant/PH_001/telemetry')).toBe(true);
    expect(topicMatches('hydrant/+/telemetry', 'hydrant/PH_001/x')).toBe(false);
    expect(topicMatches('hydrant/+/telemetry', 'hydrant//telemetry')).toBe(true);
    expect(topicMatches('hydrant/#', 'hydrant')).toBe(true);
    expect(topicMatches('hydrant/#', 'hydrant/a/b')).toBe(true);
    expect(topicMatches('hydrant/+', 'hydrant/a/b')).toBe(false);
  });
});
