/**
 * The leap manager (regenerator's leap.js): the stack of statements a `break`, `continue` or
 * `return` can leave, and what leaving each one costs on the way out:
 *   - an exploded `for…of` loop closes its iterator (as JavaScript does), and so does an exploded
 *     array pattern (a `return()` at a suspension in one of its defaults);
 *   - a `try…finally` (or a `using` scope) runs its finally block first: the jump is recorded as
 *     a completion, and the end of the finally block continues it.
 */
import type * as TS from "typescript";
import type { Binding } from "./scopes";
import type { BlockId } from "./ir";

export type Frame =
  /** An exploded loop. `iterator`: the for…of iterator, closed when a jump leaves the loop. */
  | { kind: "loop"; labels: string[]; breakTarget: BlockId; continueTarget: BlockId; iterator?: TS.Expression }
  /** A labelled statement or a switch ("" in labels: the target of a bare `break`). */
  | { kind: "label"; labels: string[]; breakTarget: BlockId }
  /**
   * An exploded array pattern, `walk` its ArrayPatternWalk: only a `return()` at a suspension
   * inside it can leave it (a pattern holds no statements), and that closes the walk first.
   */
  | { kind: "pattern"; walk: TS.Expression }
  /** The protected part of a try…finally: jumps out of it go through `entry` first. */
  | FinallyFrame;

export interface FinallyFrame {
  kind: "finally";
  entry: BlockId;
  /** Completion kind: 0 normal, 1 throw, 2 return, 3 + i the i-th recorded jump. */
  completion: Binding;
  /** The thrown error or returned value of the completion. */
  value: Binding;
  /** Jumps that left through this finally: the frame index they target and how. */
  jumps: { frame: number; kind: "break" | "continue" }[];
}

/** Does leaving `fr` close an iterator (an exploded for…of, or an array pattern's walk)? */
export function closesIterator(fr: Frame): boolean {
  return fr.kind === "pattern" || (fr.kind === "loop" && !!fr.iterator);
}

export const COMPLETION_NORMAL = 0;
export const COMPLETION_THROW = 1;
export const COMPLETION_RETURN = 2;
export const COMPLETION_JUMP = 3;

export class LeapManager {
  readonly frames: Frame[] = [];

  withFrame<T>(frame: Frame, fn: () => T): T {
    this.frames.push(frame);
    try {
      return fn();
    } finally {
      this.frames.pop();
    }
  }

  /** Index of the frame a `break` (with or without label) targets, or -1. */
  findBreak(label: string | undefined): number {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const fr = this.frames[i];
      if (fr.kind === "finally" || fr.kind === "pattern") continue;
      if (label === undefined ? fr.kind === "loop" || fr.labels.includes("") : fr.labels.includes(label)) return i;
    }
    return -1;
  }

  /** Index of the loop a `continue` targets, or -1. */
  findContinue(label: string | undefined): number {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const fr = this.frames[i];
      if (fr.kind === "loop" && (label === undefined || fr.labels.includes(label))) return i;
    }
    return -1;
  }

  /** The completion code for a jump through `fr` to frame `frame` (recorded on first use). */
  jumpCode(fr: FinallyFrame, frame: number, kind: "break" | "continue"): number {
    let i = fr.jumps.findIndex((j) => j.frame === frame && j.kind === kind);
    if (i < 0) i = fr.jumps.push({ frame, kind }) - 1;
    return COMPLETION_JUMP + i;
  }
}
