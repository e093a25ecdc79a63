/** What the samples print: one line per call, `call → value`. The runner checks the lines. */
import { CoroutineError } from "stackless";

export const transcript: string[] = [];

export function format(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

/** Print `label → value`, with an optional note after it (and remember the line for the runner). */
export function show(label: string, value: unknown, note?: string): void {
  const line = `${label} → ${format(value)}${note === undefined ? "" : `  (${note})`}`;
  transcript.push(line);
  console.log(line);
}

/** Run `f`, which should throw; print `label → throws <code>` (a CoroutineError) or the error. */
export function showThrow(label: string, f: () => unknown): void {
  let line: string;
  try {
    line = `${label} → ${format(f())} (did not throw)`;
  } catch (e) {
    line = e instanceof CoroutineError ? `${label} → throws CoroutineError ${e.code}` : `${label} → throws ${String(e)}`;
  }
  transcript.push(line);
  console.log(line);
}
