/**
 * npm run fuzz -- [--count N] [--seed S] [--features base,try,closures,drive|all] [--impl NAME]
 *                 [--no-shrink] [--max-failures K] [--timeout MS] [--print] [--quiet]
 *                 [--max-stmts N] [--max-depth N] [--clone-iterations] [--unsupported] [--patched-realm] [--snapshots]
 *
 * Runs N generated programs from seed S (program i has seed S+i, so any one replays with
 * `--seed S+i --count 1`), comparing native function* with the stackless transformer. On a
 * failure it shrinks the program and prints the minimal failing program with both traces, and
 * exits 1. `--print` only prints the programs (both forms and the drive) without running them.
 *
 * --impl: transformer (default) | native (function* against itself: the harness's self-check) |
 *         typescript (function* compiled by ts.transpileModule: checks the renderer's TypeScript) |
 *         lax (JavaScript's after-completion answers: must fail) |
 *         mutant:swap | mutant:yield | mutant:loop | mutant:finally | mutant:names | mutant:using |
 *         mutant:delegate | mutant:vars | mutant:clone | mutant:live (deliberate miscompilations: must fail)
 *
 * --patched-realm: run both sides with built-ins replaced by counting wrappers (array methods and
 * iterator, Function.prototype.call/apply/bind, Object.assign/keys/create/…, JSON, accessors on
 * Object.prototype for value/done/next/then/return/throw/toJSON; test/support/patched-realm): every
 * step must also call exactly the same of them on both sides.
 *
 * --snapshots: after every suspension, replace the stackless instance by its clone(), then by a
 * fresh instance restored from its snapshot round-tripped through JSON text; the traces must
 * still agree (refusals, NOT_SERIALIZABLE / NOT_CLONEABLE, are counted and skipped).
 *
 * Generation knobs (they change the programs a seed gives, so pass them again to replay):
 * --max-stmts (24), --max-depth (4), --clone-iterations (clone programs may suspend in for…of/in),
 * --unsupported (also generate what docs/semantics.md lists as 70007: declarations in loops that
 * refer to per-iteration bindings; pair it with --allow-unsupported to count them).
 */
import { featureList, parseFeatures, renderBody, renderModule } from "./ast";
import type { GenOptions } from "./generate";
import { generateProgram, programSeed } from "./generate";
import { transformerUnavailable } from "./oracle";
import { formatDrive, formatFailure, replayCommand } from "./report";
import type { FuzzFailure } from "./run";
import { failureShape, fuzz, implByName } from "./run";

interface CliOptions {
  count: number;
  seed: number;
  features: string;
  impl: string;
  shrink: boolean;
  maxFailures: number;
  maxShrinkRuns: number;
  timeoutMs: number;
  print: boolean;
  quiet: boolean;
  allowUnsupported: boolean;
  patchedRealm: boolean;
  snapshots: boolean;
  gen: GenOptions;
}

function usage(): never {
  console.log(
    "usage: npm run fuzz -- [--count N] [--seed S]\n" +
      "                       [--features base,try,closures,drive,destructuring,iterators,fnexpr,vars,using,delegate,labels,clone|all]\n" +
      "                       [--impl transformer|native|typescript|lax|mutant:swap|mutant:yield|mutant:loop|mutant:finally|\n" +
      "                               mutant:names|mutant:using|mutant:delegate|mutant:vars|mutant:clone|mutant:live]\n" +
      "                       [--no-shrink] [--max-failures K] [--max-shrink-runs R] [--timeout MS] [--allow-unsupported]\n" +
      "                       [--max-stmts N] [--max-depth N] [--clone-iterations] [--unsupported] [--patched-realm] [--snapshots] [--print] [--quiet]",
  );
  process.exit(0);
}

function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    count: 200,
    seed: Date.now() % 1_000_000_000,
    features: "base",
    impl: "transformer",
    shrink: true,
    maxFailures: 1,
    maxShrinkRuns: 4000,
    timeoutMs: 2000,
    print: false,
    quiet: false,
    allowUnsupported: false,
    patchedRealm: false,
    snapshots: false,
    gen: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: '${v}' is not a non-negative integer`);
      return n;
    };
    switch (flag) {
      case "--count":
      case "-n":
        o.count = int();
        break;
      case "--seed":
      case "-s":
        o.seed = int();
        break;
      case "--features":
      case "-f":
        o.features = value();
        break;
      case "--impl":
        o.impl = value();
        break;
      case "--no-shrink":
        o.shrink = false;
        break;
      case "--max-failures":
        o.maxFailures = Math.max(1, int());
        break;
      case "--max-shrink-runs":
        o.maxShrinkRuns = int();
        break;
      case "--timeout":
        o.timeoutMs = int();
        break;
      case "--allow-unsupported":
        o.allowUnsupported = true;
        break;
      case "--snapshots":
        o.snapshots = true;
        break;
      case "--patched-realm":
        o.patchedRealm = true;
        break;
      case "--max-stmts":
        o.gen.maxStmts = int();
        break;
      case "--max-depth":
        o.gen.maxDepth = int();
        break;
      case "--clone-iterations":
        o.gen.cloneIterations = true;
        break;
      case "--unsupported":
        o.gen.unsupported = true;
        break;
      case "--print":
        o.print = true;
        break;
      case "--quiet":
      case "-q":
        o.quiet = true;
        break;
      case "--help":
      case "-h":
        usage();
        break;
      default:
        throw new Error(`unknown argument '${a}' (try --help)`);
    }
  }
  return o;
}

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  const features = parseFeatures(o.features);
  if (o.print) {
    for (let i = 0; i < o.count; i++) {
      const p = generateProgram(programSeed(o.seed, i), features, o.gen);
      console.log(`// ===== seed ${p.seed} (${featureList(features)}) =====`);
      console.log(renderModule(p, "stackless"));
      console.log(renderModule(p, "native"));
      console.log(formatDrive(p) + "\n");
    }
    return 0;
  }
  if (o.impl === "transformer") {
    const why = transformerUnavailable();
    if (why) {
      console.error(`[fuzz] the stackless transformer is not usable yet: ${why}`);
      console.error(`[fuzz] (to exercise the harness itself: --impl native, or --impl mutant:swap, which must fail)`);
      return 2;
    }
  }
  const impl = implByName(o.impl);
  const fl = featureList(features);
  console.log(`[fuzz] ${o.count} programs, seed ${o.seed}, features ${fl}, impl ${impl.name}${o.patchedRealm ? ", in a patched realm" : ""}${o.snapshots ? ", cloning and snapshotting at every suspension" : ""}`);
  const every = Math.max(1, Math.round(o.count / 10));
  let lastPrint = Date.now();
  const result = fuzz({
    count: o.count,
    seed: o.seed,
    features,
    impl,
    timeoutMs: o.timeoutMs,
    shrink: o.shrink,
    maxShrinkRuns: o.maxShrinkRuns,
    maxFailures: o.maxFailures,
    allowUnsupported: o.allowUnsupported,
    patchedRealm: o.patchedRealm,
    snapshots: o.snapshots,
    gen: o.gen,
    onProgress: (n, ms, st) => {
      if (o.quiet) return;
      if (n % every === 0 || n === o.count || Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        console.log(
          `[fuzz] ${String(n).padStart(String(o.count).length)}/${o.count}  ${(ms / 1000).toFixed(1)}s  ` +
            `${(ms / n).toFixed(1)} ms/program  ${st.steps} steps  (returned ${st.returned}, threw ${st.panicked}, cut off ${st.suspended}` +
            `${o.allowUnsupported ? `, unsupported ${st.unsupported}` : ""})`,
        );
      }
    },
    onFailure: (f) => {
      console.log(`\n[fuzz] FAILURE at seed ${f.original.seed}: ${f.verdict.kind} — ${f.verdict.message}`);
      const gen =
        (o.gen.maxStmts !== undefined ? ` --max-stmts ${o.gen.maxStmts}` : "") +
        (o.gen.maxDepth !== undefined ? ` --max-depth ${o.gen.maxDepth}` : "") +
        (o.gen.cloneIterations ? " --clone-iterations" : "") +
        (o.gen.unsupported ? " --unsupported" : "") +
        (o.patchedRealm ? " --patched-realm" : "") +
        (o.snapshots ? " --snapshots" : "");
      console.log(`[fuzz] replay: ${replayCommand(f.original)}${gen}${o.impl !== "transformer" ? ` --impl ${o.impl}` : ""}`);
      if (o.shrink) console.log(`[fuzz] shrunk in ${f.shrinkRuns} runs (${f.shrinkSteps} reductions)`);
      console.log(formatFailure(f.shrunk.ok ? f.original : f.program, f.shrunk.ok ? f.verdict : f.shrunk, impl.name));
      console.log("");
    },
    onShrinkProgress: (p, runs) => {
      if (!o.quiet && runs % 50 === 0) console.log(`[fuzz]   shrinking… ${runs} runs`);
    },
  });
  const secs = (result.ms / 1000).toFixed(1);
  const unsupported = o.allowUnsupported ? `, ${result.stats.unsupported} skipped as unsupported (70007)` : "";
  if (result.failures.length) {
    console.log(`[fuzz] ${result.failures.length} failure(s) in ${result.stats.programs} programs${unsupported} (${secs}s)`);
    if (result.failures.length > 1) {
      const groups = new Map<string, FuzzFailure[]>();
      for (const f of result.failures) {
        const k = failureShape(f);
        groups.set(k, [...(groups.get(k) ?? []), f]);
      }
      console.log(`[fuzz] ${groups.size} distinct minimal program(s):`);
      for (const fs of groups.values()) {
        const body = renderBody(fs[0].program, "stackless", undefined, "").replace(/\s+/g, " ");
        console.log(`  seed ${fs.map((f) => f.original.seed).join(", ")} (${fs[0].shrunk.message}): ${body.slice(0, 200)}`);
      }
    }
    return 1;
  }
  const snaps = result.stats.snapshots;
  const snapshotNote = snaps ? `, ${snaps.cloned} clones, ${snaps.restored} restores (${snaps.nested} with a nested delegate's snapshot), ${snaps.refused} refused snapshots` : "";
  console.log(`[fuzz] OK: ${result.stats.programs} programs, ${result.stats.steps} steps, no differences${unsupported}${snapshotNote} (${secs}s)`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`[fuzz] ${e instanceof Error ? e.stack : String(e)}`);
  process.exitCode = 2;
}
