/**
 * The benchmark's own correctness: every column of every workload computes the same outputs as
 * the hand-written class (the check run.ts makes before timing, here for every column, so that a
 * wrong hand-written class or driver fails the tests instead of a benchmark run), and the code
 * size measure leaves out the module plumbing and nothing else.
 */
import { expect } from "chai";
import { build, instantiate, mismatch, IMPLEMENTATIONS } from "../../bench/implementations";
import { ownCodeBytes } from "../../bench/code-size";
import { WORKLOADS } from "../../bench/workloads";

describe("bench workloads", () => {
  for (const w of WORKLOADS) {
    it(`${w.id}: every column gives the hand-written class's outputs`, () => {
      const input = w.input();
      const hand = build("hand", w);
      if (!hand.ok) throw new Error(hand.error);
      const reference = instantiate("hand", w, hand, input);
      for (const impl of IMPLEMENTATIONS) {
        const built = build(impl, w);
        if (!built.ok) throw new Error(`${impl}: ${built.error}`);
        expect(mismatch(reference, instantiate(impl, w, built, input)), impl).to.equal(undefined);
      }
    });
  }

  it("drivers fold outputs with integer operations only (no multiply in the timed loop)", () => {
    for (const w of WORKLOADS) {
      const text = w.driver({ start: (v, x) => `S(${v},${x})`, resume: (v, x) => `R(${v},${x})` });
      const run = text.slice(text.indexOf("exports.run"), text.indexOf("exports.trace"));
      expect(run, w.id).to.not.match(/acc \* /);
      expect(run, w.id).to.match(/<< 1\) \^/);
    }
  });

  it("ownCodeBytes counts the body's code and leaves out helpers, imports and export lines", () => {
    const body = "class A {\n    resume(x) { return x; }\n}";
    const module = [
      '"use strict";',
      "var __generator = (this && this.__generator) || function () { return 1; };",
      'Object.defineProperty(exports, "__esModule", { value: true });',
      "exports.make = void 0;",
      'const __stackless = __importStar(require("stackless"));',
      'const stackless_1 = require("stackless");',
      body,
      "exports.make = make;",
    ].join("\n");
    expect(ownCodeBytes(module)).to.equal(body.length);
  });
});
