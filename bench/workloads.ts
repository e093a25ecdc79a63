/**
 * The benchmark workloads. Each one is a single coroutine/generator body, written once in the
 * stackless form (`yield_(x)`, `yield_.from(it)`); bench/sources.ts derives the `function*` form
 * from it by text replacement, so every column runs the same algorithm. Next to the body sit the
 * hand-written class (bench/handwritten.ts), a driver (plain JS text, instantiated once per
 * implementation so that each gets its own call sites and type feedback) and the input data.
 *
 * Outputs are kept to small integers (|0, & masks) so that no implementation pays for heap
 * numbers the others avoid, and inputs are precomputed typed arrays shared by all columns.
 */
import * as hand from "./handwritten";

/** The two ways a driver talks to an instance of a coroutine-kind workload. */
export interface Protocol {
  /** Expression: create an instance into variable `v`, run it to its first suspension with first input `x`; evaluates to the first output. */
  start(v: string, x: string): string;
  /** Expression: resume `v` with input `x`; evaluates to the output. */
  resume(v: string, x: string): string;
}

/**
 * stackless coroutines and the hand-written classes: `make()` builds a suspended instance,
 * `resume(x)` returns the output itself (the first resume's input is the body's parameter).
 */
export const instanceProtocol: Protocol = {
  start: (v, x) => `(${v} = make(), ${v}.resume(${x}))`,
  resume: (v, x) => `${v}.resume(${x})`,
};

/**
 * The `function*` columns: the body's parameter becomes the generator function's argument (the
 * first `next()` input is dropped, as JS does), and every output is unwrapped from its
 * IteratorResult. That allocation is the price of the generator protocol, so it is measured.
 */
export const functionStarProtocol: Protocol = {
  start: (v, x) => `(${v} = make(${x}), ${v}.next().value)`,
  resume: (v, x) => `${v}.next(${x}).value`,
};

export interface Workload {
  id: string;
  /** Row title in the tables. */
  title: string;
  /** `coroutine` bodies are driven through a Protocol; `generator` bodies are iterated. */
  kind: "coroutine" | "generator";
  /** Parameters of `make` that the body closes over (TS). */
  outer: string;
  /** The body's own parameter (TS); coroutine kind only. */
  param: string;
  /** Module-level TS declarations the body needs (types only). */
  prelude: string;
  /** The body, in stackless form. No string literals: sources.ts scans it for parentheses. */
  body: string;
  /** What one measured operation is. */
  unit: string;
  /** Operations per unit of `run(units)`. */
  opsPerUnit: number;
  /**
   * JS text run once per implementation with `make` and `input` in scope. It must define
   * `exports.run(units)` (do the work, return a checksum), `exports.trace()` (a short output
   * sequence to compare across implementations) and `exports.suspend()` (one suspended instance,
   * for the memory measurement).
   */
  driver(p: Protocol): string;
  /** The input data, built once and shared by every implementation. */
  input(): unknown;
  /** The hand-written `make`, with the same signature and protocol as the stackless one. */
  hand(): (...args: never[]) => unknown;
  /** Optionally, a hand-written `make` with another algorithm, timed as a note under the table. */
  reference?: { title: string; make: () => (...args: never[]) => unknown };
  /** Instances to hold for the bytes-per-suspended-instance measurement; 0 to skip. */
  memoryInstances: number;
}

/** Deterministic PRNG (mulberry32) so that inputs are the same in every process. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Small signed integers in +/- pairs, shuffled: a running sum over a full period returns to 0, so it stays a small integer. */
function balancedInts(length: number, seed: number): Int32Array {
  const r = rng(seed);
  const xs = new Int32Array(length);
  for (let i = 0; i < length; i += 2) {
    const v = 1 + Math.floor(r() * 100);
    xs[i] = v;
    xs[i + 1] = -v;
  }
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}

/** Source-like text (identifiers, numbers, punctuation, spaces) as char codes. */
function tokenizerText(length: number, seed: number): Int32Array {
  const r = rng(seed);
  const words = ["let", "sum", "x1", "yield_", "while", "resume", "i", "state", "_tmp", "Done"];
  const punct = " (){};,.=+*";
  const codes = new Int32Array(length);
  let i = 0;
  const put = (s: string) => {
    for (let k = 0; k < s.length && i < length; k++) codes[i++] = s.charCodeAt(k);
  };
  while (i < length) {
    const p = r();
    if (p < 0.45) put(words[Math.floor(r() * words.length)]);
    else if (p < 0.7) put(String(Math.floor(r() * 100000)));
    else put(punct[Math.floor(r() * punct.length)]);
    put(r() < 0.6 ? " " : punct[Math.floor(r() * punct.length)]);
  }
  return codes;
}

/** A byte stream of frames `0x7e len payload[len] checksum`, with some line noise and some bad checksums. */
function protocolStream(length: number, seed: number): Int32Array {
  const r = rng(seed);
  const bytes = new Int32Array(length);
  let i = 0;
  const put = (b: number) => {
    if (i < length) bytes[i++] = b & 0xff;
  };
  while (i < length) {
    const noise = r() < 0.2 ? Math.floor(r() * 4) : 0;
    for (let k = 0; k < noise; k++) put(Math.floor(r() * 0x7e)); // never 0x7e itself
    put(0x7e);
    const len = Math.floor(r() * 17);
    put(len);
    let sum = 0;
    for (let k = 0; k < len; k++) {
      const b = Math.floor(r() * 256);
      sum = (sum + b) & 0xff;
      put(b);
    }
    put(r() < 0.1 ? sum ^ 0x55 : sum);
  }
  return bytes;
}

/** A balanced binary search tree of `size` nodes (size = 2^k - 1) with keys 0..size-1. */
function balancedTree(lo: number, hi: number): hand.TreeNode | null {
  if (lo > hi) return null;
  const mid = (lo + hi) >> 1;
  return { l: balancedTree(lo, mid - 1), v: mid, r: balancedTree(mid + 1, hi) };
}

/** Inputs are power-of-two sized so drivers can index with `i & mask`. */
const SUM_INPUTS = 1 << 12;

const sumBody = `
  let sum = first;
  while (true) {
    sum += yield_(sum);
  }
`;

/** The resume loop shared by the coroutine-kind workloads: start on xs[0], resume on the rest. */
function resumeDriver(p: Protocol, resumesPerUnit: number, suspend: string): string {
  return `
    const xs = input.xs, mask = xs.length - 1;
    exports.run = function (units) {
      let c;
      let acc = ${p.start("c", "xs[0]")};
      const n = units * ${resumesPerUnit};
      for (let i = 1; i <= n; i++) acc = (acc * 31 + ${p.resume("c", "xs[i & mask]")}) | 0;
      return acc;
    };
    exports.trace = function () {
      let c;
      const out = [${p.start("c", "xs[0]")}];
      for (let i = 1; i < 400; i++) out.push(${p.resume("c", "xs[i & mask]")});
      return out;
    };
    exports.suspend = function () {
      let c;
      ${suspend}
      return c;
    };
  `;
}

export const WORKLOADS: Workload[] = [
  {
    id: "sum",
    title: "running sum, one suspension",
    kind: "coroutine",
    outer: "",
    param: "first: number",
    prelude: "",
    body: sumBody,
    unit: "resume",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "1")}; ${p.resume("c", "2")};`),
    input: () => ({ xs: balancedInts(SUM_INPUTS, 1) }),
    hand: () => hand.makeSum,
    memoryInstances: 400_000,
  },
  {
    id: "tokenizer",
    title: "push tokenizer, one char per resume",
    kind: "coroutine",
    outer: "",
    param: "c: number",
    prelude: "",
    // Outputs -1 while no token is complete; a number's value or an identifier's hash on the
    // resume that delivers the character ending it (that character is consumed).
    body: `
  while (true) {
    if (c >= 48 && c <= 57) {
      let v = 0;
      while (c >= 48 && c <= 57) {
        v = (v * 10 + (c - 48)) | 0;
        c = yield_(-1);
      }
      c = yield_(v);
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
      let h = 0;
      while ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57)) {
        h = (h * 31 + c) | 0;
        c = yield_(-1);
      }
      c = yield_(h);
    } else {
      c = yield_(-1);
    }
  }
`,
    unit: "char",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "49")}; ${p.resume("c", "50")};`),
    input: () => ({ xs: tokenizerText(1 << 14, 2) }),
    hand: () => hand.makeTokenizer,
    memoryInstances: 400_000,
  },
  {
    id: "delay",
    title: "two-slot delay line",
    kind: "coroutine",
    outer: "",
    param: "x: number",
    prelude: "",
    // Outputs the input of two resumes ago (0 for the first two).
    body: `
  let d1 = 0;
  let d2 = 0;
  while (true) {
    const out = d2;
    d2 = d1;
    d1 = x;
    x = yield_(out);
  }
`,
    unit: "resume",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "1")}; ${p.resume("c", "2")};`),
    input: () => ({ xs: balancedInts(SUM_INPUTS, 3) }),
    hand: () => hand.makeDelayLine,
    memoryInstances: 400_000,
  },
  {
    id: "create",
    title: "create + run to first suspension",
    kind: "coroutine",
    outer: "",
    param: "first: number",
    prelude: "",
    body: sumBody,
    unit: "instance",
    opsPerUnit: 1024,
    // Instances go into a ring so that they escape: otherwise V8 may scalar-replace a
    // hand-written instance that is created and dropped in the same loop, and the row would
    // measure nothing.
    driver: (p) => `
      const xs = input.xs, mask = xs.length - 1;
      const ring = new Array(1024).fill(null);
      exports.run = function (units) {
        let acc = 0;
        const n = units * 1024;
        for (let i = 0; i < n; i++) {
          let c;
          acc = (acc * 31 + ${p.start("c", "xs[i & mask]")}) | 0;
          ring[i & 1023] = c;
        }
        return acc;
      };
      exports.trace = function () {
        const out = [];
        for (let i = 0; i < 100; i++) {
          let c;
          out.push(${p.start("c", "xs[i & mask]")});
          out.push(${p.resume("c", "i")});
        }
        return out;
      };
      exports.suspend = function () {
        let c;
        ${p.start("c", "1")};
        return c;
      };
    `,
    input: () => ({ xs: balancedInts(SUM_INPUTS, 4) }),
    hand: () => hand.makeSum,
    memoryInstances: 0, // the same instances as "sum"
  },
  {
    id: "parser",
    title: "framed protocol parser, one byte per resume",
    kind: "coroutine",
    outer: "",
    param: "b: number",
    prelude: "",
    // Frames are 0x7e, a length byte, that many payload bytes, and a checksum byte (sum of the
    // payload & 0xff). Outputs -1 until a frame ends, then the payload hash, or -2 for a bad checksum.
    body: `
  while (true) {
    while (b !== 126) b = yield_(-1);
    const len = yield_(-1);
    let sum = 0;
    let h = 0;
    for (let i = 0; i < len; i++) {
      b = yield_(-1);
      sum = (sum + b) & 255;
      h = (h * 31 + b) | 0;
    }
    b = yield_(-1);
    b = yield_(b === sum ? h & 1073741823 : -2);
  }
`,
    unit: "byte",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "126")}; ${p.resume("c", "3")}; ${p.resume("c", "7")};`),
    input: () => ({ xs: protocolStream(1 << 14, 5) }),
    hand: () => hand.makeFrameParser,
    memoryInstances: 400_000,
  },
  {
    id: "forof",
    title: "generator as iterator (for…of, 256 items)",
    kind: "generator",
    outer: "n: number",
    param: "",
    prelude: "",
    body: `
  for (let i = 0; i < n; i++) yield_(i * i);
`,
    unit: "item",
    opsPerUnit: 256,
    driver: () => `
      exports.run = function (units) {
        let acc = 0;
        for (let u = 0; u < units; u++) {
          for (const v of make(256)) acc = (acc + v) | 0;
        }
        return acc;
      };
      exports.trace = function () {
        return [...make(10), ...make(0), ...make(3)];
      };
      exports.suspend = function () {
        const g = make(256);
        g.next();
        return g;
      };
    `,
    input: () => ({}),
    hand: () => hand.makeSquares,
    memoryInstances: 400_000,
  },
  {
    id: "treewalk",
    title: "recursive delegation (yield*), in-order walk of 255 nodes",
    kind: "generator",
    outer: "t: TreeNode | null",
    param: "",
    prelude: "interface TreeNode { l: TreeNode | null; v: number; r: TreeNode | null }",
    body: `
  if (t !== null) {
    yield_.from(make(t.l));
    yield_(t.v);
    yield_.from(make(t.r));
  }
`,
    unit: "item",
    opsPerUnit: 255,
    driver: () => `
      const tree = input.tree;
      exports.run = function (units) {
        let acc = 0;
        for (let u = 0; u < units; u++) {
          for (const v of make(tree)) acc = (acc * 31 + v) | 0;
        }
        return acc;
      };
      exports.trace = function () {
        return [...make(tree)];
      };
      exports.suspend = function () {
        const g = make(tree);
        g.next();
        return g;
      };
    `,
    input: () => ({ tree: balancedTree(0, 254) }),
    hand: () => hand.makeDelegatingWalk,
    // A different algorithm (an explicit stack instead of one object per level), timed as a reference.
    reference: { title: "hand-written explicit-stack walk", make: () => hand.makeInOrder },
    // A suspended walk holds a chain of 8 nested instances; fewer of them keep the heap small.
    memoryInstances: 50_000,
  },
];
