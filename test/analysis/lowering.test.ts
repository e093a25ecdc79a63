/**
 * Golden IR dumps of the lowering: what each kind of statement becomes in the block graph
 * (printLoweredBody), checked in under test/analysis/golden/ and accepted with STACKLESS_ACCEPT=1.
 */
import * as ts from "typescript";
import { analyzeFile } from "../../analysis/analyze";
import { printLoweredBody } from "../../analysis/print-ir";
import { expectGolden } from "../support/golden";

const BODIES: [string, string][] = [
  ["straight", `coroutine((x: number) => { const a = yield_(x); const b = yield_(a + 1); return a + b; })`],
  ["operands", `coroutine((f: any) => { return f(1, yield_(2), f(3)) + yield_(4); })`],
  ["if-else", `coroutine((b: boolean) => { if (b) { yield_(1); } else { yield_(2); } return 3; })`],
  ["while-break", `coroutine(() => { let i = 0; while (true) { if (yield_(i)) break; i++; } return i; })`],
  ["for-of", `generator((xs: number[]) => { for (const x of xs) yield_(x * 2); })`],
  ["try-finally", `coroutine((log: any) => { try { yield_(1); } catch (e) { log(e); } finally { log("f"); } })`],
  ["switch", `coroutine((k: number) => { switch (k) { case 1: yield_(1); break; default: yield_(2); } })`],
  ["switch-grouped", `coroutine((k: number) => { switch (k) { case 1: case 2: yield_(1); break; case 3: default: case 4: yield_(2); case 5: } })`],
  ["labelled", `coroutine(() => { Add: yield_(1); outer: for (;;) { for (;;) { if (yield_(2)) break outer; } } })`],
  ["native-loop-jump", `coroutine((xs: number[]) => { for (const x of xs) { if (x) break; } yield_(0); })`],
  ["delegate", `generator((it: Iterable<number>) => { const r = yield_.from(it); return r; })`],
];

describe("analysis/lower: golden IR of the lowering", () => {
  for (const [name, body] of BODIES) {
    it(name, () => {
      const text = `import { coroutine, generator, yield_ } from "stackless";\nexport const c = ${body};\n`;
      const file = ts.createSourceFile(`${name}.ts`, text, ts.ScriptTarget.ES2022, true);
      const site = analyzeFile(ts, file).sites[0];
      expectGolden(`analysis/golden/lowering/${name}.ir`, `// ${body}\n` + printLoweredBody(ts, site.lowered, file, site.states));
    });
  }
});
