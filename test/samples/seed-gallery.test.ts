/**
 * The seed gallery: each sample under samples/, compiled with the transformer and run, prints the
 * values "Generalizing Coroutines in Rust" gives for its design (listed here again, independently
 * of samples/expected/).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { transformSource } from "../../transformer";
import { runModule } from "../support/load";

const SAMPLES = path.resolve(__dirname, "../../../samples");

/** Compile and run a sample; its `./show` and `./check` imports are compiled the same way, once per sample. */
async function runSample(name: string): Promise<string[]> {
  const cache = new Map<string, Record<string, any>>();
  const load = (file: string): Record<string, any> => {
    const cached = cache.get(file);
    if (cached) return cached;
    const r = transformSource(fs.readFileSync(path.join(SAMPLES, `${file}.ts`), "utf8"), { fileName: `${file}.ts` });
    const errors = r.diagnostics.filter((d) => d.category === 1);
    if (errors.length) throw new Error(`${file}.ts: ${errors.map((d) => String(d.messageText)).join("; ")}`);
    // The relative imports of a sample resolve to the other samples, compiled here too.
    const output = r.outputText.replace(/require\("\.\/([\w-]+)"\)/g, (_, dep: string) => `__sample(${JSON.stringify(dep)})`);
    const exports: Record<string, any> = {};
    cache.set(file, exports);
    Object.assign(exports, runModule(`const __sample = globalThis.__stacklessSample;\n${output}`, `${file}.ts`));
    return exports;
  };
  const g = globalThis as any;
  g.__stacklessSample = load;
  const log = console.log;
  console.log = () => {};
  try {
    const exports = load(name);
    await exports.finished;
    return [...load("show").transcript];
  } finally {
    console.log = log;
    delete g.__stacklessSample;
  }
}

describe("the seed gallery (samples/)", () => {
  it("yield at the start: the summer outputs 5→5, 4→9, 3→12", async () => {
    const lines = await runSample("yield-at-start-summer");
    expect(lines).to.deep.equal(['summer.state → "Start"', "summer.resume(5) → 5", "summer.resume(4) → 9", "summer.resume(3) → 12", 'summer.state → "Add"']);
  });

  it("the ouroboroutine never outputs 0 (1→1, 2→3); resume_if_you_dare panics on its second resume", async () => {
    const lines = await runSample("ouroboroutine");
    expect(lines.slice(0, 2)).to.deep.equal(["summer.resume(1) → 1", "summer.resume(2) → 3"]);
    expect(lines.slice(3)).to.deep.equal([
      "resumeIfYouDare.resume() → undefined",
      "resumeIfYouDare.resume() → throws Error: panic!()",
      'resumeIfYouDare.state → "Done"  (panicked)',
      "resumeIfYouDare.resume() → throws CoroutineError RESUMED_AFTER_PANIC",
    ]);
  });

  it("eRFC 2033: the delay line over a queue of 0, 1 outputs 6→0, 7→1, 8→6, 9→7", async () => {
    const lines = await runSample("delay-line");
    expect(lines.filter((l) => l.startsWith("delayed("))).to.deep.equal(["delayed(6) → 0", "delayed(7) → 1", "delayed(8) → 6", "delayed(9) → 7"]);
    expect(lines.slice(0, 2)).to.deep.equal(['gen.resume() → {"value":1,"done":false}', 'gen.resume() → {"value":"foo","done":true}']);
  });

  it("RFC 2781: IteratorResults A, Hello, complete C; the always-end-in-! variant A, Hello, C and then a panic", async () => {
    const lines = await runSample("unified");
    expect(lines).to.deep.equal([
      'gen.resume("A") → {"value":"A","done":false}',
      'gen.resume("B") → {"value":"Hello","done":false}',
      'gen.resume("C") → {"value":"C","done":true}',
      'endsInNever.resume("A") → "A"',
      'endsInNever.resume("B") → "Hello"',
      'endsInNever.resume("C") → "C"',
      'endsInNever.resume("D") → throws CoroutineError RESUMED_AFTER_COMPLETION',
    ]);
  });

  it("yield is an expression, yield at the start, drop the first: the seed's names", async () => {
    const lines = await runSample("yield-expression");
    expect(lines).to.deep.equal([
      'isAnExpression.resume("A") → {"value":"A","done":false}',
      'isAnExpression.resume("B") → {"value":"Hello","done":false}',
      'isAnExpression.resume("C") → {"value":["A","B","C"],"done":true}',
      'atTheStart.resume("A") → ["A"]',
      'atTheStart.resume("B") → ["Hello"]',
      'atTheStart.resume("C") → ["A","B","C"]',
      'dropTheFirst.next("A") → {"value":"Hello","done":false}',
      'dropTheFirst.next("B") → {"value":"B","done":false}',
      'dropTheFirst.next("C") → {"value":["B","C"],"done":true}',
    ]);
  });

  it("extend async: Start, Await1, Done; fuseClone; pendingOnce; a real timer; select cancels the loser", async () => {
    const lines = await runSample("extend-async");
    expect(lines.slice(0, 5)).to.deep.equal([
      'myCoroutine.state → "Start"',
      'myCoroutine.poll(cx) → {"ready":false}',
      'myCoroutine.state → "Await1"',
      'myCoroutine.poll(cx) → {"ready":true,"value":42}',
      'myCoroutine.state → "Done"',
    ]);
    expect(lines.filter((l) => l.startsWith("fused.")).map((l) => l.split("  ")[0])).to.deep.equal([
      'fused.poll(cx) → {"ready":false}',
      'fused.poll(cx) → {"ready":true,"value":39}',
      'fused.poll(cx) → {"ready":true,"value":39}',
      'fused.poll(cx) → {"ready":true,"value":39}',
    ]);
    expect(lines.filter((l) => l.startsWith("once.") || l.startsWith("later.")).map((l) => l.split("  ")[0])).to.deep.equal([
      'once.poll(cx) → {"ready":false}',
      'once.poll(cx) → {"ready":true,"value":"at once"}',
      'later.poll(cx) → {"ready":false}',
      'later.poll(cx) → {"ready":false}',
      'later.poll(cx) → {"ready":true,"value":39}',
    ]);
    expect(lines.slice(-4)).to.deep.equal([
      'await toPromise(timed) → "slept"',
      'await toPromise(select(slow, fast)) → {"index":1,"value":"fast"}',
      `log → ["slow's finally ran"]  (the loser was cancelled)`,
      'slow.state → "Done"',
    ]);
  });
});
