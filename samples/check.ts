/**
 * The seed gallery's check: print a resume's result like show() and fail loudly (throw) when it is
 * not what the essay says it is, so a sample is its own test as well as the runner's.
 */
import { format, show, transcript } from "./show";

/** Print `label → actual` and throw unless `actual` prints as `expected` does. */
export function expectShown(label: string, actual: unknown, expected: unknown, note?: string): void {
  show(label, actual, note);
  if (format(actual) !== format(expected)) {
    throw new Error(`${label}: the seed expects ${format(expected)}, got ${format(actual)}`);
  }
}

/** Run `f`, which must throw; print `label → throws …` and throw if it returned instead. */
export function expectThrows(label: string, f: () => unknown, describe: (e: unknown) => string): void {
  let result: unknown;
  try {
    result = f();
  } catch (e) {
    const line = `${label} → throws ${describe(e)}`;
    transcript.push(line);
    console.log(line);
    return;
  }
  show(label, result, "did not throw");
  throw new Error(`${label}: the seed expects a panic, got ${format(result)}`);
}
