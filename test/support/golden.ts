/**
 * Golden files: compare a text with the file checked in under test/, or (with
 * STACKLESS_ACCEPT=1) write it there, so a change of output is reviewed as a diff.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

/** test/… in the source tree (the tests run from dist/test/…). */
export const SOURCE_TEST_DIR = path.resolve(__dirname, "..", "..", "..", "test");

export const ACCEPTING = process.env.STACKLESS_ACCEPT === "1";

/** Expect `actual` to equal the golden file `relative` (under test/); write it instead when accepting. */
export function expectGolden(relative: string, actual: string): void {
  const file = path.join(SOURCE_TEST_DIR, relative);
  if (ACCEPTING) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`no golden file test/${relative}: run the test with STACKLESS_ACCEPT=1 to write it, and review it`);
  expect(actual, `test/${relative} (STACKLESS_ACCEPT=1 accepts the new text)`).to.equal(fs.readFileSync(file, "utf8"));
}
