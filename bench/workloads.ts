/**
 * The benchmark workloads. Each one is a single coroutine/generator body, written once in the
 * stackless form (`yield_(x)`, `yield_.from(it)`); bench/sources.ts derives the `function*` form
 * from it by text replacement, so every column runs the same algorithm. Next to the body sit the
 * hand-written class (bench/handwritten.ts), a driver (plain JS text, instantiated once per
 * implementation so that each gets its own call sites and type feedback) and the input data.
 *
 * Outputs are kept to small integers (|0, & masks) so that no implementation pays for heap
 * numbers the others avoid, and inputs are precomputed typed arrays shared by all columns.
 *
 * Drivers fold outputs into their checksum with `acc = (acc << 1) ^ r` (see `fold`): shifts and
 * XOR on int32 values stay int32 (and Smis on x64 Node, which has no pointer compression), so
 * TurboFan keeps the whole chain in integer registers, one cycle per op. The checksum this
 * harness used before, `(acc * 31 + r) | 0`, compiles to float64 multiply, add and DoubleToI
 * (the product can leave int32 range before the `| 0`): a ~4.7 ns dependency chain per resume,
 * longer than most resumes, which made every hand-written column read ~4.8 ns whatever its body
 * and squeezed every ratio toward 1. The "echo" workload (an empty resume) checks that the
 * harness can still tell a trivial resume from a real one: run.ts reports it against the others.
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
  /** Module-level TS declarations the body needs: types, and helper functions it calls (no string literals). */
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

/** Uniform integers in 0..range-1. */
function uniformInts(length: number, seed: number, range: number): Int32Array {
  const r = rng(seed);
  const xs = new Int32Array(length);
  for (let i = 0; i < length; i++) xs[i] = Math.floor(r() * range);
  return xs;
}

/** 12-byte records: 11 data bytes, then their sum & 0xff (wrong in one record of ten). */
function recordStream(length: number, seed: number): Int32Array {
  const r = rng(seed);
  const bytes = new Int32Array(length);
  for (let i = 0; i + 12 <= length; i += 12) {
    let sum = 0;
    for (let k = 0; k < 11; k++) {
      const b = Math.floor(r() * 256);
      bytes[i + k] = b;
      sum = (sum + b) & 0xff;
    }
    bytes[i + 11] = r() < 0.1 ? sum ^ 0x55 : sum;
  }
  return bytes;
}

/**
 * How every driver folds an output into its checksum (JS text): int32 shift and XOR only, never
 * a multiply (see the header). Order-sensitive, so a reordered output stream changes it.
 */
const fold = (acc: string, r: string): string => `${acc} = (${acc} << 1) ^ ${r}`;

/** Inputs are power-of-two sized so drivers can index with `i & mask`. */
const SUM_INPUTS = 1 << 12;

const sumBody = `
  let sum = first;
  while (true) {
    sum += yield_<number>(sum);
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
      for (let i = 1; i <= n; i++) ${fold("acc", p.resume("c", "xs[i & mask]"))};
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

/**
 * Straight-line code with twelve suspensions and eleven locals live across them: outputs -1
 * until a record is complete, then a hash of its payload, or -2 for a bad checksum.
 */
const recordBody = `
  while (true) {
    const version = x;
    const flags = yield_<number>(-1);
    const length = yield_<number>(-1);
    const a = yield_<number>(-1);
    const b = yield_<number>(-1);
    const c = yield_<number>(-1);
    const d = yield_<number>(-1);
    const e = yield_<number>(-1);
    const f = yield_<number>(-1);
    const g = yield_<number>(-1);
    const h = yield_<number>(-1);
    const check = yield_<number>(-1);
    const sum = (version + flags + length + a + b + c + d + e + f + g + h) & 255;
    x = yield_(sum === check ? (a ^ b ^ c ^ d ^ e ^ f ^ g ^ h) & 1023 : -2);
  }
`;

/**
 * The creation rows: make an instance and run it to its first suspension, in a loop. Instances
 * go into a ring so that they escape: otherwise V8 may scalar-replace a hand-written instance
 * that is created and dropped in the same loop, and the row would measure nothing.
 */
function createDriver(p: Protocol): string {
  return `
    const xs = input.xs, mask = xs.length - 1;
    const ring = new Array(1024).fill(null);
    exports.run = function (units) {
      let acc = 0;
      const n = units * 1024;
      for (let i = 0; i < n; i++) {
        let c;
        ${fold("acc", p.start("c", "xs[i & mask]"))};
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
  `;
}

export const WORKLOADS: Workload[] = [
  {
    id: "echo",
    title: "empty resume (harness check)",
    kind: "coroutine",
    outer: "",
    param: "x: number",
    prelude: "",
    // Outputs its input: no work but the resume itself. run.ts reports its hand-written time
    // against the other workloads' to show that the driver's own cost is far below a real resume.
    body: `
  while (true) x = yield_(x);
`,
    unit: "resume",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "1")}; ${p.resume("c", "2")};`),
    input: () => ({ xs: balancedInts(SUM_INPUTS, 6) }),
    hand: () => hand.makeEcho,
    memoryInstances: 0,
  },
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
    driver: (p) => createDriver(p),
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
    const len = yield_<number>(-1);
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
    id: "helpers",
    title: "push tokenizer calling helper functions",
    kind: "coroutine",
    outer: "",
    param: "c: number",
    prelude: `
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
`,
    // The tokenizer as people write it: the character classes are functions (the hand-written
    // class calls the same helpers), so the loop heads the compiler copies hold calls.
    body: `
  while (true) {
    if (isDigit(c)) {
      let v = 0;
      while (isDigit(c)) {
        v = (v * 10 + (c - 48)) | 0;
        c = yield_(-1);
      }
      c = yield_(v);
    } else if (isIdentStart(c)) {
      let h = 0;
      while (isIdentPart(c)) {
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
    input: () => ({ xs: tokenizerText(1 << 14, 7) }),
    hand: () => hand.makeTokenizer,
    memoryInstances: 0, // the same instance shape as "tokenizer"
  },
  {
    id: "switch",
    title: "character classes by a grouped switch",
    kind: "coroutine",
    outer: "",
    param: "c: number",
    prelude: "",
    // A switch with several constant labels per arm, a suspension in every arm: outputs the
    // class of each character (whitespace runs remembered across resumes).
    body: `
  let run = 0;
  while (true) {
    switch (c) {
      case 32:
      case 9:
      case 10:
      case 13:
        run++;
        c = yield_(-1);
        break;
      case 40:
      case 41:
      case 123:
      case 125:
        run = 0;
        c = yield_(1);
        break;
      case 59:
      case 44:
      case 46:
        run = 0;
        c = yield_(2);
        break;
      case 61:
      case 43:
      case 42:
        c = yield_(run > 0 ? 3 : 4);
        run = 0;
        break;
      default:
        run = 0;
        c = yield_(c & 7);
    }
  }
`,
    unit: "char",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "32")}; ${p.resume("c", "40")};`),
    input: () => ({ xs: tokenizerText(1 << 14, 8) }),
    hand: () => hand.makeCharClasses,
    memoryInstances: 400_000,
  },
  {
    id: "ifchain",
    title: "4-arm if/else-if in a loop",
    kind: "coroutine",
    outer: "",
    param: "x: number",
    prelude: "",
    // A level controller: four ranges of input, two arms suspending in different places.
    body: `
  let level = 0;
  while (true) {
    if (x < 20) {
      level = (level + 1) & 255;
      x = yield_(level);
    } else if (x < 50) {
      x = yield_(-1);
      level = (level + x) & 255;
    } else if (x < 80) {
      level = level > 0 ? level - 1 : 0;
      x = yield_(level);
    } else {
      level = 0;
      x = yield_(0);
    }
  }
`,
    unit: "resume",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "10")}; ${p.resume("c", "30")};`),
    input: () => ({ xs: uniformInts(1 << 12, 9, 100) }),
    hand: () => hand.makeLevelController,
    memoryInstances: 400_000,
  },
  {
    id: "record",
    title: "12-field record reader, 12 suspensions",
    kind: "coroutine",
    outer: "",
    param: "x: number",
    prelude: "",
    body: recordBody,
    unit: "byte",
    opsPerUnit: 1024,
    driver: (p) => resumeDriver(p, 1024, `${p.start("c", "1")}; ${p.resume("c", "2")}; ${p.resume("c", "3")};`),
    input: () => ({ xs: recordStream(12 << 10, 10) }),
    hand: () => hand.makeRecordReader,
    memoryInstances: 400_000,
  },
  {
    id: "primed",
    title: "delay line primed with yield_(undefined)",
    kind: "coroutine",
    outer: "",
    param: "x: number",
    prelude: "",
    // The first resume only primes the line (outputs undefined); then each outputs the input of
    // two resumes ago. The undefined output makes the output type mixed, as in real code.
    body: `
  let d1 = x;
  let d2 = 0;
  x = yield_(undefined);
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
    input: () => ({ xs: balancedInts(SUM_INPUTS, 11) }),
    hand: () => hand.makePrimedDelayLine,
    memoryInstances: 400_000,
  },
  {
    id: "create-large",
    title: "create + first suspension, 12-suspension body",
    kind: "coroutine",
    outer: "",
    param: "x: number",
    prelude: "",
    body: recordBody,
    unit: "instance",
    opsPerUnit: 1024,
    driver: (p) => createDriver(p),
    input: () => ({ xs: recordStream(12 << 10, 12) }),
    hand: () => hand.makeRecordReader,
    memoryInstances: 0, // the same instances as "record"
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
          for (const v of make(256)) ${fold("acc", "v")};
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
          for (const v of make(tree)) ${fold("acc", "v")};
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
