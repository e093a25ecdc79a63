/**
 * The leap manager (regenerator's leap.js): where `break` and `continue` go, and what they must
 * clean up on the way (the iterators of `for…of` loops they leave, which JavaScript closes).
 */
import type * as TS from "typescript";
import type { BlockId } from "./ir";
import { Unsupported } from "./explode";

export type Frame =
  /** An exploded loop. `iterator`: the for…of iterator, closed when a jump leaves the loop. */
  | { kind: "loop"; labels: string[]; breakTarget: BlockId; continueTarget: BlockId; iterator?: TS.Expression }
  /** A labelled statement or a switch ("" in labels: the target of a bare `break`). */
  | { kind: "label"; labels: string[]; breakTarget: BlockId };

export interface Leap {
  target: BlockId;
  /** Iterators to close before jumping, innermost first. */
  iterators: TS.Expression[];
}

export class LeapManager {
  private readonly frames: Frame[] = [];

  constructor(private readonly ts: typeof TS) {}

  withFrame<T>(frame: Frame, fn: () => T): T {
    this.frames.push(frame);
    try {
      return fn();
    } finally {
      this.frames.pop();
    }
  }

  resolveBreak(label: string | undefined, node: TS.Node): Leap {
    const iterators: TS.Expression[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const fr = this.frames[i];
      const matches = label === undefined ? fr.kind === "loop" || fr.labels.includes("") : fr.labels.includes(label);
      if (fr.kind === "loop" && fr.iterator) iterators.push(fr.iterator);
      if (matches) return { target: fr.breakTarget, iterators };
    }
    throw new Unsupported(node, `a break whose target is not in the body`);
  }

  resolveContinue(label: string | undefined, node: TS.Node): Leap {
    const iterators: TS.Expression[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const fr = this.frames[i];
      if (fr.kind === "loop" && (label === undefined || fr.labels.includes(label))) return { target: fr.continueTarget, iterators };
      if (fr.kind === "loop" && fr.iterator) iterators.push(fr.iterator);
    }
    throw new Unsupported(node, `a continue whose target is not in the body`);
  }

  /** Iterators a `return` from here closes, innermost first. */
  iteratorsForReturn(): TS.Expression[] {
    const out: TS.Expression[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const fr = this.frames[i];
      if (fr.kind === "loop" && fr.iterator) out.push(fr.iterator);
    }
    return out;
  }
}
