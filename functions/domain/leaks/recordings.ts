/**
 * Acoustic recordings as loggers export them, read into samples for the correlator: a WAV
 * file (RIFF, PCM 16-bit, one channel) or a CSV of `t,value` rows (t in seconds, evenly
 * spaced; an optional header row). Pure: bytes in, samples and sample rate out; a file
 * that is not one of these throws a LeakAnalysisError `INVALID_RECORDING` saying why.
 */
import { LeakAnalysisError } from './errors';

/** The most a recording may hold, whatever its format: about a minute at 16 kHz. */
export const MAX_RECORDING_SAMPLES = 1 << 20;
/** The longest recording, s: correlators record seconds to a minute of synchronised noise. */
export const MAX_RECORDING_SECONDS = 120;
/** The largest file read: a 16-bit WAV of MAX_RECORDING_SAMPLES, or a CSV of 200 000-odd rows. */
export const MAX_RECORDING_BYTES = 4 * 1024 * 1024;
/** How far a CSV's time step may stray from its median step (loggers stamp to the microsecond). */
const STEP_TOLERANCE = 0.01;

export interface Recording {
  readonly sampleRateHz: number;
  readonly samples: Float64Array;
}

export type RecordingFormat = 'wav' | 'csv';

const invalid = (message: string): never => {
  throw new LeakAnalysisError('INVALID_RECORDING', message);
};

/** Reads a recording of either format. */
export function parseRecording(bytes: Uint8Array, format: RecordingFormat): Recording {
  if (bytes.length > MAX_RECORDING_BYTES) invalid(`a recording file holds at most ${MAX_RECORDING_BYTES} bytes`);
  const recording = format === 'wav' ? parseWav(bytes) : parseCsvRecording(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  if (recording.samples.length > MAX_RECORDING_SAMPLES) invalid(`a recording holds at most ${MAX_RECORDING_SAMPLES} samples`);
  if (recording.samples.length / recording.sampleRateHz > MAX_RECORDING_SECONDS) invalid(`a recording lasts at most ${MAX_RECORDING_SECONDS} s`);
  return recording;
}

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);

/** RIFF/WAVE, format 1 (PCM) or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format, 16 bits, mono; samples scaled to -1..1. */
export function parseWav(bytes: Uint8Array): Recording {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') invalid('not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { channels: number; rate: number; bits: number; tag: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) invalid('the WAV format chunk is truncated');
      const tag = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE names its real format in the first two bytes of the sub-format GUID.
      const realTag = tag === 0xfffe && size >= 40 && body + 26 <= bytes.length ? view.getUint16(body + 24, true) : tag;
      format = { tag: realTag, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) return invalid('the WAV data chunk comes before its format chunk');
      if (format.tag !== 1) invalid(`the WAV must be PCM (its format tag is ${format.tag})`);
      if (format.channels !== 1) invalid(`the WAV must be mono (it has ${format.channels} channels)`);
      if (format.bits !== 16) invalid(`the WAV must be 16-bit (it is ${format.bits}-bit)`);
      if (format.rate <= 0) invalid('the WAV sample rate is zero');
      const length = Math.min(size, bytes.length - body) >> 1;
      const samples = new Float64Array(length);
      for (let i = 0; i < length; i++) samples[i] = view.getInt16(body + 2 * i, true) / 32768;
      return { sampleRateHz: format.rate, samples };
    }
    at = body + size + (size & 1);
  }
  return invalid('the WAV has no data chunk');
}

/** `t,value` rows (comma or semicolon; a header row of non-numbers is skipped); t evenly spaced, in seconds. */
export function parseCsvRecording(text: string): Recording {
  const times: number[] = [];
  const values: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(/[,;]/);
    if (cells.length < 2) invalid(`line ${i + 1}: expected t,value`);
    const t = Number(cells[0]);
    const v = Number(cells[1]);
    if (times.length === 0 && values.length === 0 && Number.isNaN(t) && Number.isNaN(v)) continue; // the header
    if (!Number.isFinite(t) || !Number.isFinite(v) || cells[0]!.trim() === '' || cells[1]!.trim() === '') invalid(`line ${i + 1}: t and value must be numbers`);
    if (times.length > MAX_RECORDING_SAMPLES) invalid(`a recording holds at most ${MAX_RECORDING_SAMPLES} samples`);
    times.push(t);
    values.push(v);
  }
  if (times.length < 2) invalid('a CSV recording needs at least two rows');
  const steps = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...steps].sort((a, b) => a - b);
  const step = sorted[sorted.length >> 1]!;
  if (!(step > 0)) invalid('the times must increase');
  const uneven = steps.findIndex((s) => Math.abs(s - step) > STEP_TOLERANCE * step);
  if (uneven >= 0) invalid(`the samples must be evenly spaced: row ${uneven + 2} is ${steps[uneven]} s after the previous one, not ${step} s`);
  // The rate from the whole span, which is exact to far more digits than one step.
  const sampleRateHz = (times.length - 1) / (times[times.length - 1]! - times[0]!);
  return { sampleRateHz: Math.round(sampleRateHz * 1e6) / 1e6, samples: Float64Array.from(values) };
}

/** A WAV file (PCM 16-bit mono) of samples in -1..1 (clipped), as loggers export and tests build. */
export function encodeWav(samples: ArrayLike<number>, sampleRateHz: number): Uint8Array {
  const bytes = new Uint8Array(44 + 2 * samples.length);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + 2 * samples.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, 2 * samples.length, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + 2 * i, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return bytes;
}
