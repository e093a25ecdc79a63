/**
 * Broken source text: whatever the edit, the transformer must not throw, every diagnostic must
 * point somewhere in the file, and output produced without any error must at least be
 * JavaScript that parses. The texts are the samples and a few bodies, cut, doubled and spliced
 * at random (seeded, so a failure names its case).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import * as ts from "typescript";
import { transformSource } from "../../transformer";
import { IMPORTS } from "../support/load";

const SAMPLES = path.resolve(__dirname, "../../../samples");

const BODIES = [
  `${IMPORTS}
export const g = (n: number) => generator(() => { for (let i = 0; i < n; i++) { try { yield_(i); } finally { yield_(-i); } } return n; });`,
  `${IMPORTS}
export const c = coroutine((x: number) => { let s = 0; outer: while (true) { switch (x) { case 1: s += yield_(s); break; default: x = yield_(s); continue outer; } } });`,
  `${IMPORTS}
export const f = () => coroutine.yieldAtStart((x: string) => { const seen = new Map(); for (const k of [1, 2]) seen.set(k, yield_(x + k)); return seen; });`,
];

/** Pieces an edit may splice in: the syntax that stresses a body's structure. */
const PIECES = ["yield_(", "yield_", ")", "(", "{", "}", "=>", ";", "coroutine(", "generator(() => {", "`", "${", "/*", "'", '"', "try {", "finally", "catch (e)", "break", "continue", "return", "let ", "const ", "var ", "function*", "await_(", "yield_.from(", ",", "...", "\n"];

function parses(js: string): boolean {
  try {
    new vm.Script(js);
    return true;
  } catch {
    return false;
  }
}

/** A small seeded generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, random: () => number): string {
  const at = () => Math.floor(random() * (text.length + 1));
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const a = at();
    const b = Math.min(text.length, a + Math.floor(random() * 40));
    switch (Math.floor(random() * 4)) {
      case 0: // delete a range
        text = text.slice(0, a) + text.slice(b);
        break;
      case 1: // insert a piece
        text = text.slice(0, a) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(a);
        break;
      case 2: // copy a range elsewhere
        text = text.slice(0, at()) + text.slice(a, b) + text.slice(at());
        break;
      default: // cut the file short
        text = text.slice(0, a);
    }
  }
  return text;
}

describe("broken source text", () => {
  const sources = [...fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "show.ts").map((f) => fs.readFileSync(path.join(SAMPLES, f), "utf8")), ...BODIES];
  const CASES = 400;

  it(`never makes the transformer throw, and every diagnostic has a location (${CASES} edited files)`, () => {
    const random = rng(20261129);
    let transformedWithoutErrors = 0;
    for (let i = 0; i < CASES; i++) {
      const original = sources[i % sources.length];
      const text = mutate(original, random);
      const where = `case ${i}:\n${text}`;
      let r: ReturnType<typeof transformSource>;
      try {
        r = transformSource(text, { fileName: `broken${i}.ts` });
      } catch (e) {
        throw new Error(`transformSource threw (${e instanceof Error ? e.message : String(e)}) on ${where}`);
      }
      for (const d of r.diagnostics) {
        expect(d.start, `a diagnostic without a location (${d.code}) on ${where}`).to.be.a("number");
        expect(d.start! + (d.length ?? 0), `a diagnostic past the end of the file on ${where}`).to.be.at.most(text.length);
      }
      // 70007 is the transformer saying it gave up on a body (with a location): fine. A crash
      // caught by the entry point is reported as "stackless failed on this file": never fine.
      const crashes = r.diagnostics.filter((d) => String(d.messageText).includes("stackless failed on this file"));
      expect(crashes.map((d) => String(d.messageText).split("\n")[0]), where).to.deep.equal([]);
      if (r.diagnostics.every((d) => d.category !== 1 /* Error */)) {
        transformedWithoutErrors++;
        // TypeScript's own emit can be broken for text whose error only its checker reports
        // (`const` with no declaration): that output is not stackless's to answer for.
        if (!parses(r.outputText) && !parses(ts.transpileModule(text, { fileName: `broken${i}.ts`, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText)) continue;
        expect(() => new vm.Script(r.outputText), `output that does not parse, from ${where}\n---\n${r.outputText}`).to.not.throw();
      }
    }
    // The edits must leave some files intact enough to compile, or the last check tests nothing.
    expect(transformedWithoutErrors).to.be.greaterThan(20);
  });
});
