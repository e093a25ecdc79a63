/**
 * `npm run samples`: runs each compiled sample, printing what every resume returned, and compares
 * the lines with samples/expected/<sample>.txt. Any difference (or a sample that throws) makes
 * the exit code non-zero, so this doubles as a smoke test of the transformer through tspc.
 *
 *   node samples/out/run.js             run and check every sample
 *   node samples/out/run.js summer      only some
 *   node samples/out/run.js --update    rewrite the expected files from the current output
 */
import * as fs from "fs";
import * as path from "path";
import { transcript } from "./show";

const SAMPLES = [
  "summer",
  "names",
  "tokenizer",
  "iterators",
  "instances",
  // Snapshots (docs/snapshots.md): a dialogue across three processes, a parser forked with clone().
  "wizard",
  "fork-parser",
  // The seed gallery: one sample per design of "Generalizing Coroutines in Rust" (docs/designs.md).
  "yield-at-start-summer",
  "ouroboroutine",
  "delay-line",
  "unified",
  "yield-expression",
  "extend-async",
];

const args = process.argv.slice(2);
const update = args.includes("--update");
const chosen = args.filter((a) => !a.startsWith("--"));
const expectedDir = path.join(__dirname, "..", "expected");

async function main(): Promise<void> {
  let failed = 0;
  for (const name of chosen.length ? chosen : SAMPLES) {
    console.log(`\n== ${name}.ts`);
    transcript.length = 0;
    try {
      // A sample with asynchronous parts exports `finished`, a promise of their end.
      const loaded = require(`./${name}`) as { finished?: Promise<unknown> };
      await loaded.finished;
    } catch (e) {
      console.log(e);
      console.log(`FAIL ${name}: threw`);
      failed++;
      continue;
    }
    const file = path.join(expectedDir, `${name}.txt`);
    const actual = transcript.join("\n") + "\n";
    if (update) {
      fs.writeFileSync(file, actual);
      continue;
    }
    const expected = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (actual !== expected) {
      failed++;
      const a = actual.split("\n");
      const b = expected.split("\n");
      const i = a.findIndex((line, k) => line !== b[k]);
      console.log(`FAIL ${name}: output differs from samples/expected/${name}.txt at line ${i + 1}`);
      console.log(`  expected: ${b[i] ?? "(end of file)"}`);
      console.log(`  actual:   ${a[i] ?? "(end of output)"}`);
    }
  }
  if (failed) {
    console.log(`\n${failed} sample(s) failed`);
    process.exitCode = 1;
  } else if (!update) {
    console.log("\nall samples printed the expected values");
  }
}

main().catch((e: unknown) => {
  console.log(e);
  process.exitCode = 1;
});
