/**
 * The "ideal" column: what a person would write by hand for each workload body in
 * bench/workloads.ts. A tight class, an integer state only where one is needed, and fields only
 * for what is live across a suspension. No reentrancy or after-completion checks: these are the
 * floor the generated code is measured against, not a competitor with the same guarantees.
 *
 * Each class must give exactly the outputs of its body (run.ts checks that before timing).
 */

/** `let sum = first; while (true) sum += yield_(sum);` */
class RunningSum {
  private state = 0;
  private sum = 0;

  resume(x: number): number {
    if (this.state === 0) {
      this.state = 1;
      return (this.sum = x);
    }
    return (this.sum += x);
  }
}

export const makeSum = (): RunningSum => new RunningSum();

/** `while (true) x = yield_(x);`: the empty resume the harness check times. */
class Echo {
  resume(x: number): number {
    return x;
  }
}

export const makeEcho = (): Echo => new Echo();

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** Push tokenizer: between tokens, in a number, in an identifier; `acc` is the value or the hash so far. */
class Tokenizer {
  private state = 0;
  private acc = 0;

  resume(c: number): number {
    switch (this.state) {
      case 1: // in a number
        if (isDigit(c)) {
          this.acc = (this.acc * 10 + (c - 48)) | 0;
          return -1;
        }
        this.state = 0;
        return this.acc; // the ending character is consumed
      case 2: // in an identifier
        if (isIdentStart(c) || isDigit(c)) {
          this.acc = (this.acc * 31 + c) | 0;
          return -1;
        }
        this.state = 0;
        return this.acc;
      default: // between tokens
        if (isDigit(c)) {
          this.acc = c - 48;
          this.state = 1;
        } else if (isIdentStart(c)) {
          this.acc = c;
          this.state = 2;
        }
        return -1;
    }
  }
}

export const makeTokenizer = (): Tokenizer => new Tokenizer();

/** Two-slot delay line: every resume is the same step, so no state at all. */
class DelayLine {
  private d1 = 0;
  private d2 = 0;

  resume(x: number): number {
    const out = this.d2;
    this.d2 = this.d1;
    this.d1 = x;
    return out;
  }
}

export const makeDelayLine = (): DelayLine => new DelayLine();

/** The delay line whose first resume only primes it (outputs undefined). */
class PrimedDelayLine {
  private primed = false;
  private d1 = 0;
  private d2 = 0;

  resume(x: number): number | undefined {
    if (!this.primed) {
      this.primed = true;
      this.d1 = x;
      return undefined;
    }
    const out = this.d2;
    this.d2 = this.d1;
    this.d1 = x;
    return out;
  }
}

export const makePrimedDelayLine = (): PrimedDelayLine => new PrimedDelayLine();

/** Character classes by a grouped switch; `run` counts the whitespace before an operator. */
class CharClasses {
  private run = 0;

  resume(c: number): number {
    switch (c) {
      case 32:
      case 9:
      case 10:
      case 13:
        this.run++;
        return -1;
      case 40:
      case 41:
      case 123:
      case 125:
        this.run = 0;
        return 1;
      case 59:
      case 44:
      case 46:
        this.run = 0;
        return 2;
      case 61:
      case 43:
      case 42: {
        const out = this.run > 0 ? 3 : 4;
        this.run = 0;
        return out;
      }
      default:
        this.run = 0;
        return c & 7;
    }
  }
}

export const makeCharClasses = (): CharClasses => new CharClasses();

/** The level controller: state 1 is "the next input is added to the level, then tested". */
class LevelController {
  private state = 0;
  private level = 0;

  resume(x: number): number {
    if (this.state === 1) this.level = (this.level + x) & 255;
    if (x < 20) {
      this.state = 0;
      return (this.level = (this.level + 1) & 255);
    } else if (x < 50) {
      this.state = 1;
      return -1;
    } else if (x < 80) {
      this.state = 0;
      return (this.level = this.level > 0 ? this.level - 1 : 0);
    }
    this.state = 0;
    return (this.level = 0);
  }
}

export const makeLevelController = (): LevelController => new LevelController();

/**
 * The 12-field record reader as a person writes it: a field index, and the running sum and XOR
 * instead of eleven saved fields (bytes 3..10 are the payload, byte 11 the checksum).
 */
class RecordReader {
  private index = 0;
  private sum = 0;
  private hash = 0;

  resume(b: number): number {
    const i = this.index;
    if (i < 11) {
      this.sum = i === 0 ? b : (this.sum + b) & 255;
      if (i >= 3) this.hash ^= b;
      else if (i === 0) this.hash = 0;
      this.index = i + 1;
      return -1;
    }
    this.index = 0;
    return this.sum === b ? this.hash & 1023 : -2;
  }
}

export const makeRecordReader = (): RecordReader => new RecordReader();

/** Frame parser: hunting for 0x7e, expecting the length, in the payload, expecting the checksum. */
class FrameParser {
  private state = 0;
  private left = 0;
  private sum = 0;
  private hash = 0;

  resume(b: number): number {
    switch (this.state) {
      case 0:
        if (b === 126) this.state = 1;
        return -1;
      case 1:
        this.left = b;
        this.sum = 0;
        this.hash = 0;
        this.state = b > 0 ? 2 : 3;
        return -1;
      case 2:
        this.sum = (this.sum + b) & 255;
        this.hash = (this.hash * 31 + b) | 0;
        if (--this.left === 0) this.state = 3;
        return -1;
      default:
        this.state = 0;
        return b === this.sum ? this.hash & 1073741823 : -2;
    }
  }
}

export const makeFrameParser = (): FrameParser => new FrameParser();

/** `for (let i = 0; i < n; i++) yield_(i * i);` as an iterator. */
class Squares implements IterableIterator<number, undefined> {
  private i = 0;

  constructor(private readonly n: number) {}

  next(): IteratorResult<number, undefined> {
    const i = this.i;
    if (i < this.n) {
      this.i = i + 1;
      return { value: i * i, done: false };
    }
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

export const makeSquares = (n: number): Squares => new Squares(n);

export interface TreeNode {
  l: TreeNode | null;
  v: number;
  r: TreeNode | null;
}

/**
 * The body as written by hand: one object per level, forwarding to the child it delegates to
 * (recursive `yield*`), the inner results passed through. This is the ideal the generated code
 * is measured against; `InOrder` below changes the algorithm and is timed as a reference only.
 */
class DelegatingWalk implements IterableIterator<number, undefined> {
  private state = 0;
  private child: DelegatingWalk | null = null;

  constructor(private readonly t: TreeNode | null) {}

  next(): IteratorResult<number, undefined> {
    let r: IteratorResult<number, undefined>;
    switch (this.state) {
      case 0:
        if (this.t === null) {
          this.state = 4;
          return { value: undefined, done: true };
        }
        this.child = new DelegatingWalk(this.t.l);
      // falls through
      case 1:
        r = this.child!.next();
        if (!r.done) {
          this.state = 1;
          return r;
        }
        this.state = 2;
        return { value: this.t!.v, done: false };
      case 2:
        this.child = new DelegatingWalk(this.t!.r);
      // falls through
      case 3:
        r = this.child!.next();
        if (!r.done) {
          this.state = 3;
          return r;
        }
        this.state = 4;
        this.child = null;
      // falls through
      default:
        return { value: undefined, done: true };
    }
  }

  [Symbol.iterator](): this {
    return this;
  }
}

export const makeDelegatingWalk = (t: TreeNode | null): DelegatingWalk => new DelegatingWalk(t);

/** In-order walk with an explicit stack: the textbook replacement for recursive `yield*`. */
class InOrder implements IterableIterator<number, undefined> {
  private readonly stack: TreeNode[] = [];

  constructor(private node: TreeNode | null) {}

  next(): IteratorResult<number, undefined> {
    let node = this.node;
    while (node !== null) {
      this.stack.push(node);
      node = node.l;
    }
    const top = this.stack.pop();
    if (top === undefined) {
      this.node = null;
      return { value: undefined, done: true };
    }
    this.node = top.r;
    return { value: top.v, done: false };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

export const makeInOrder = (root: TreeNode | null): InOrder => new InOrder(root);
