/**
 * What a test's code prints (stdout, stderr and console), captured instead of shown: call
 * `capturePrinted()` in `beforeEach` and `vi.restoreAllMocks()` in `afterEach`.
 */
import { vi } from 'vitest';

/** Starts capturing; the returned array fills as the code prints. */
export function capturePrinted(): string[] {
  const printed: string[] = [];
  const capture = (chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  };
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(capture as typeof stream.write);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  return printed;
}
