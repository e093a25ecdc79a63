/** The fuzz loop shared by the CLI and the mocha test. */
import type { Features, Mutation, Program } from "./ast";
import { featureList, parseFeatures, renderBody } from "./ast";
import type { GenOptions } from "./generate";
import { generateProgram, programSeed } from "./generate";
import type { FailureKind, Impl, SnapshotCounts, Verdict } from "./oracle";
import { check, laxNativeImpl, nativeImpl, transformerImpl, typescriptImpl, usePatchedRealm, useSnapshotMode } from "./oracle";
import { Counter, PATCHES } from "../support/patched-realm";
import { shrink } from "./shrink";

export const MUTATIONS: Record<string, Mutation> = {
  swap: { swapOperands: true },
  yield: { yieldOffByOne: true },
  loop: { loopOffByOne: true },
  finally: { dropFinally: true },
  names: { namesIgnoreLabels: true },
  using: { usingAsConst: true },
  delegate: { delegateNextOnly: true },
  vars: { varAsLet: true },
};

/** Deliberately wrong implementations that are not renderings: the feature set each one needs. */
export const MUTANT_FEATURES: Record<string, string> = {
  swap: "base,try",
  yield: "base,try",
  loop: "base,try",
  finally: "base,try",
  names: "base,labels",
  using: "base,using",
  delegate: "base,delegate,drive",
  vars: "base,vars",
  clone: "base,clone",
  live: "base,try,clone",
};

/**
 * transformer (the real thing); native (function* against itself) and typescript (function*
 * through ts.transpileModule), which must agree; lax, mutant:<one of MUTATIONS>, mutant:clone
 * (a clone that is the instance itself) and mutant:live (the transformer, with clones whose
 * live locals are poisoned too), which must not.
 */
export function implByName(name: string): Impl {
  if (name === "transformer") return transformerImpl();
  if (name === "native") return nativeImpl();
  if (name === "typescript") return typescriptImpl();
  if (name === "lax") return laxNativeImpl();
  if (name === "mutant:clone") return nativeImpl(undefined, name, false, true);
  // The transformer, with clones whose every saved local is poisoned (live ones too).
  if (name === "mutant:live") return { ...transformerImpl({ poison: "all" }), name };
  if (name.startsWith("mutant:")) {
    const m = MUTATIONS[name.slice("mutant:".length)];
    if (!m) throw new Error(`unknown mutation in '${name}' (known: ${Object.keys(MUTATIONS).join(", ")})`);
    return nativeImpl(m, name);
  }
  throw new Error(`unknown --impl '${name}' (transformer, native, typescript, lax, mutant:${Object.keys(MUTATIONS).join("|mutant:")})`);
}

export interface FuzzOptions {
  count: number;
  seed: number;
  features: Features | string;
  impl: Impl;
  gen?: GenOptions;
  timeoutMs?: number;
  /** Shrink failures (default true). */
  shrink?: boolean;
  maxShrinkRuns?: number;
  /** Keep going after the first failure, up to this many failures (default 1). */
  maxFailures?: number;
  /**
   * Count programs the transformer rejects with 70007 ("a construct the transformer cannot
   * compile") as unsupported instead of failing (default false: SPEC says every construct works).
   */
  allowUnsupported?: boolean;
  /**
   * Run both sides in a patched realm (test/support/patched-realm: every replacement at once,
   * counting): each step must also call the same patched built-ins on both sides.
   */
  patchedRealm?: boolean;
  /**
   * Snapshot mode (oracle's useSnapshotMode): after every suspension the stackless instance is
   * replaced by its clone, then by a restore of its JSON round-tripped snapshot; the traces must
   * still agree. The counts land in the result's stats.
   */
  snapshots?: boolean;
  onProgress?: (done: number, elapsedMs: number, stats: FuzzStats) => void;
  onFailure?: (f: FuzzFailure) => void;
  onShrinkProgress?: (p: Program, runs: number) => void;
}

export interface FuzzFailure {
  original: Program;
  verdict: Verdict;
  /** The shrunk program and its verdict, when shrinking ran. */
  program: Program;
  shrunk: Verdict;
  shrinkRuns: number;
  shrinkSteps: number;
}

export interface FuzzStats {
  programs: number;
  /** Driving steps recorded on the native side, over all programs. */
  steps: number;
  /** Programs whose body threw out (panicked) / returned / were still suspended when the drive ended. */
  panicked: number;
  returned: number;
  suspended: number;
  /** Programs skipped because the transformer reported 70007 (only with allowUnsupported). */
  unsupported: number;
  /** Snapshot mode only: clones, restores and refusals at suspensions. */
  snapshots?: SnapshotCounts;
}

export interface FuzzResult {
  features: string;
  seed: number;
  stats: FuzzStats;
  failures: FuzzFailure[];
  ms: number;
}

/**
 * A stable signature of a failure, so shrinking keeps the same failure rather than finding
 * another: the kind, and for a difference the field and whether it is in the clone's part.
 */
export function signature(v: Verdict): string {
  if (v.kind === "compile") return `compile ${(v.message ?? "").match(/TS\d+/)?.[0] ?? (v.message ?? "").slice(0, 40)}`;
  if (v.kind === "diff" && v.diff) {
    const op = v.native.steps[v.diff.index]?.op ?? v.candidate?.steps[v.diff.index]?.op ?? "";
    const part = /^(A|B): /.test(op) ? " after clone" : op === "clone" ? " at clone" : "";
    return `diff ${v.diff.field === "length" || v.diff.field === "error" ? "length" : v.diff.field === "name" ? "name" : "value"}${part}`;
  }
  return v.kind ?? "ok";
}

/** The transformer said 70007: it cannot compile a construct (and nothing worse). */
export function isUnsupported(v: Verdict): boolean {
  return v.kind === "compile" && /^TS70007\b/.test(v.message ?? "") && !/^TS(?!70007\b)/m.test(v.message ?? "");
}

/**
 * A key that groups failures whose minimal programs look alike: the shrunk stackless body with
 * tags, numbers, labels and generated names normalized.
 */
export function failureShape(f: FuzzFailure): string {
  return `${f.shrunk.kind}|` + renderBody(f.program, "stackless", undefined, "")
    .replace(/"(c|o|fs|it|E|g|u|ck)\d+"/g, '"#"')
    .replace(/\b(L|w|i|x|k|e|f|drv|fn|C|u)\d+\b/g, "$1")
    .replace(/\b\d+\b/g, "N")
    .replace(/\b[abcdsv]\b(?!")/g, "v");
}

export function failsLike(impl: Impl, sig: string, timeoutMs: number): (q: Program) => boolean {
  return (q) => {
    try {
      const v = check(q, impl, timeoutMs);
      return !v.ok && signature(v) === sig;
    } catch {
      return false;
    }
  };
}

export function fuzz(o: FuzzOptions): FuzzResult {
  if (o.snapshots) {
    const counts: SnapshotCounts = { cloned: 0, restored: 0, nested: 0, refused: 0 };
    useSnapshotMode(counts);
    try {
      const r = fuzzInRealm(o);
      r.stats.snapshots = counts;
      return r;
    } finally {
      useSnapshotMode(undefined);
    }
  }
  return fuzzInRealm(o);
}

function fuzzInRealm(o: FuzzOptions): FuzzResult {
  if (!o.patchedRealm) return fuzzHere(o);
  usePatchedRealm(new Counter(), PATCHES);
  try {
    return fuzzHere(o);
  } finally {
    usePatchedRealm(undefined);
  }
}

function fuzzHere(o: FuzzOptions): FuzzResult {
  const features = typeof o.features === "string" ? parseFeatures(o.features) : o.features;
  const timeoutMs = o.timeoutMs ?? 2000;
  const maxFailures = o.maxFailures ?? 1;
  const stats: FuzzStats = { programs: 0, steps: 0, panicked: 0, returned: 0, suspended: 0, unsupported: 0 };
  const failures: FuzzFailure[] = [];
  const t0 = Date.now();
  for (let i = 0; i < o.count; i++) {
    const p = generateProgram(programSeed(o.seed, i), features, o.gen);
    const v = check(p, o.impl, timeoutMs);
    stats.programs++;
    stats.steps += v.native.steps.length;
    const ends = v.native.steps.map((s) => s.outcome);
    if (ends.some((s) => s.startsWith("throw") && !s.includes("CoroutineError"))) stats.panicked++;
    else if (ends.some((s) => s.startsWith("return"))) stats.returned++;
    else stats.suspended++;
    if (!v.ok && o.allowUnsupported && isUnsupported(v)) {
      stats.unsupported++;
    } else if (!v.ok) {
      let program = p;
      let shrunk = v;
      let runs = 0;
      let steps = 0;
      if (o.shrink ?? true) {
        const r = shrink(p, failsLike(o.impl, signature(v), timeoutMs), {
          maxRuns: o.maxShrinkRuns,
          onProgress: o.onShrinkProgress,
        });
        program = r.program;
        runs = r.runs;
        steps = r.steps;
        shrunk = check(program, o.impl, timeoutMs);
      }
      const f: FuzzFailure = { original: p, verdict: v, program, shrunk, shrinkRuns: runs, shrinkSteps: steps };
      failures.push(f);
      o.onFailure?.(f);
      if (failures.length >= maxFailures) break;
    }
    o.onProgress?.(i + 1, Date.now() - t0, stats);
  }
  return { features: featureList(features), seed: o.seed, stats, failures, ms: Date.now() - t0 };
}

export type { FailureKind };
