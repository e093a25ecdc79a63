/**
 * The transformer builds its nodes with whatever TypeScript the host compiler is (ts-patch passes
 * it in): TypeScript 5.x must work as well as 6.0. The typescript5 dev dependency is 5.9.
 */
import { expect } from "chai";
import type * as TS from "typescript";
import { load, IMPORTS } from "../support/load";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts5: typeof TS = require("typescript5");

describe("TypeScript 5.x compatibility", () => {
  it(`compiles and runs bodies with TypeScript ${ts5.version}`, () => {
    expect(ts5.version.startsWith("5.")).to.equal(true);
    const m = load(
      IMPORTS +
        `export const make = () => generator(() => {
           const out: number[] = [];
           for (const x of [1, 2, 3]) { try { out.push(yield_<number>(x)); } finally { out.push(-x); } }
           return out;
         });`,
      { ts: ts5 },
    ).exports;
    const g = m.make();
    const seen = [g.next().value, g.next(10).value, g.next(20).value, g.next(30)];
    expect(seen).to.deep.equal([1, 2, 3, { value: [10, -1, 20, -2, 30, -3], done: true }]);
  });
});
