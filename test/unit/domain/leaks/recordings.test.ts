import { describe, expect, it } from 'vitest';
import { LeakAnalysisError } from '#domain/leaks/errors';
import { encodeWav, MAX_RECORDING_BYTES, MAX_RECORDING_SECONDS, parseCsvRecording, parseRecording, parseWav } from '#domain/leaks/recordings';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(LeakAnalysisError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

/** A WAV header with chosen format fields, followed by `dataBytes` of zeros. */
function wavWith({ tag = 1, channels = 1, bits = 16, rate = 8000, dataBytes = 8 } = {}): Uint8Array {
  const bytes = encodeWav(new Array(dataBytes / 2).fill(0), rate);
  const view = new DataView(bytes.buffer);
  view.setUint16(20, tag, true);
  view.setUint16(22, channels, true);
  view.setUint16(34, bits, true);
  return bytes;
}

describe('parseWav', () => {
  it('reads back what encodeWav wrote: the rate and the samples within one quantisation step', () => {
    const samples = [0, 0.5, -0.5, 0.25, -1, 0.999];
    const recording = parseWav(encodeWav(samples, 4096));
    expect(recording.sampleRateHz).toBe(4096);
    expect(recording.samples).toHaveLength(samples.length);
    recording.samples.forEach((v, i) => expect(Math.abs(v - samples[i]!)).toBeLessThan(2 / 32768));
  });

  it('skips chunks it does not know (LIST) before the data', () => {
    const plain = encodeWav([0.5, -0.5], 2000);
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]));
    const withList = new Uint8Array([...plain.slice(0, 36), ...list, ...plain.slice(36)]);
    expect(Array.from(parseWav(withList).samples).map((v) => Math.round(v * 10) / 10)).toEqual([0.5, -0.5]);
  });

  it('refuses what is not 16-bit PCM mono, or not a WAV at all', () => {
    expect(refusal(() => parseWav(new TextEncoder().encode('t,value\n0,1\n')))).toMatch(/not a WAV/);
    expect(refusal(() => parseWav(wavWith({ channels: 2 })))).toMatch(/mono/);
    expect(refusal(() => parseWav(wavWith({ bits: 24 })))).toMatch(/16-bit/);
    expect(refusal(() => parseWav(wavWith({ tag: 3 })))).toMatch(/PCM/);
    expect(refusal(() => parseWav(encodeWav([1], 8000).slice(0, 36)))).toMatch(/no data chunk/);
  });
});

describe('parseCsvRecording', () => {
  it('reads t,value rows with a header, and takes the rate from the span', () => {
    const rows = Array.from({ length: 11 }, (_, i) => `${(i / 2048).toFixed(9)},${i % 3}`);
    const recording = parseCsvRecording(['t,value', ...rows, ''].join('\n'));
    expect(recording.sampleRateHz).toBeCloseTo(2048, 2);
    expect(Array.from(recording.samples)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1]);
  });

  it('refuses uneven steps, times that do not increase, and cells that are not numbers', () => {
    expect(refusal(() => parseCsvRecording('0,1\n0.001,2\n0.003,3\n0.004,4\n'))).toMatch(/evenly spaced: row 3/);
    expect(refusal(() => parseCsvRecording('0,1\n0,2\n0,3\n'))).toMatch(/increase/);
    expect(refusal(() => parseCsvRecording('t,value\n0,1\n0.1,x\n'))).toMatch(/line 3/);
    expect(refusal(() => parseCsvRecording('0,1\n'))).toMatch(/two rows/);
  });
});

describe('parseRecording limits', () => {
  it('refuses a file over the size limit and a recording over the length limit', () => {
    expect(refusal(() => parseRecording(new Uint8Array(MAX_RECORDING_BYTES + 1), 'wav'))).toMatch(/bytes/);
    const long = encodeWav(new Array(100 * (MAX_RECORDING_SECONDS + 1)).fill(0), 100);
    expect(refusal(() => parseRecording(long, 'wav'))).toMatch(/at most 120 s/);
    expect(parseRecording(encodeWav(new Array(100).fill(0), 100), 'wav').samples).toHaveLength(100);
  });
});
