/**
 * The compiler's intermediate form: a body becomes a graph of basic blocks. Each block is a list
 * of ordinary statements (still TypeScript AST, identifiers not yet rewritten) ended by a
 * terminator. Statements inside a block may be whole native loops or `if`s: only statements that
 * contain a suspension are exploded into blocks (regenerator's rule).
 */
import type * as TS from "typescript";
import type { Binding } from "./scopes";

export type BlockId = number;

export type Terminator =
  | { kind: "goto"; target: BlockId }
  | { kind: "branch"; cond: TS.Expression; whenTrue: BlockId; whenFalse: BlockId }
  /**
   * Suspend in state `state`, outputting `value`; the next resume continues at `resume`.
   * (Under coroutine.yieldAtStart, analysis/flow.ts's firstYields says which of these take the
   * first input instead of suspending.)
   */
  | {
      kind: "suspend";
      value: TS.Expression | undefined;
      resume: BlockId;
      state: number;
      node: TS.Node;
      /** yield_.from: `value` is the inner iterator's result object, output as it is (as yield* does). */
      passThrough?: boolean;
      /** Where `throw(e)` resumes (e in the input), when a handler in the body can see it. */
      throwEntry?: BlockId;
      /** Where `return(v)` resumes, when finally blocks or open iterators must be dealt with. */
      returnEntry?: BlockId;
    }
  /** Leave the body with `value` (Done; Start again under coroutine.loop). */
  | { kind: "return"; value: TS.Expression | undefined; node: TS.Node | undefined }
  /** The block's last statement is a `throw`: no successor. */
  | { kind: "throw" };

export interface Block {
  readonly id: BlockId;
  readonly stmts: TS.Statement[];
  term: Terminator | undefined;
  /** The handler that catches what this block throws (index into the handlers), if any. */
  handler: number | undefined;
  /** Targets of jumps embedded in `stmts` (a `break` out of a native loop into exploded code). */
  readonly embeddedJumps: BlockId[];
}

/**
 * Where an exception thrown in a block goes.
 *   catch:   into `error`, then to the catch clause at `entry`;
 *   finally: as a throw completion (`completion` = 1, `value` = error) to the finally block;
 *   close:   close the for…of iterator or array pattern walk (ignoring what that throws), then on to `parent`.
 */
export type Handler =
  | { kind: "catch"; entry: BlockId; error: Binding; parent: number | undefined }
  | { kind: "finally"; entry: BlockId; completion: Binding; value: Binding; parent: number | undefined }
  | { kind: "close"; iterator: Binding; parent: number | undefined };

/** A placeholder statement left inside native code, replaced at emit. */
export type EmbeddedJump =
  | { kind: "goto"; target: BlockId; cleanup: TS.Statement[] }
  | { kind: "return"; value: TS.Expression | undefined; cleanup: TS.Statement[]; node: TS.Node };

export function successors(term: Terminator | undefined): BlockId[] {
  if (!term) return [];
  switch (term.kind) {
    case "goto":
      return [term.target];
    case "branch":
      return [term.whenTrue, term.whenFalse];
    case "suspend": {
      const out = [term.resume];
      if (term.throwEntry !== undefined) out.push(term.throwEntry);
      if (term.returnEntry !== undefined) out.push(term.returnEntry);
      return out;
    }
    default:
      return [];
  }
}
