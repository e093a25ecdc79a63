/**
 * The compiler's intermediate form: a body becomes a graph of basic blocks. Each block is a list
 * of ordinary statements (still TypeScript AST, identifiers not yet rewritten) ended by a
 * terminator. Statements inside a block may be whole native loops or `if`s: only statements that
 * contain a suspension are exploded into blocks (regenerator's rule).
 */
import type * as TS from "typescript";

export type BlockId = number;

export type Terminator =
  | { kind: "goto"; target: BlockId }
  | { kind: "branch"; cond: TS.Expression; whenTrue: BlockId; whenFalse: BlockId }
  /**
   * Suspend in state `state`, outputting `value`; the next resume continues at `resume`.
   * `first`: under coroutine.yieldAtStart, "always" when this yield_ is certainly the first one
   * executed (it takes the input without suspending), "maybe" when only a run-time flag can tell.
   */
  | { kind: "suspend"; value: TS.Expression | undefined; resume: BlockId; state: number; node: TS.Node; first?: "always" | "maybe" }
  /** Leave the body with `value` (Done; Start again under coroutine.loop). */
  | { kind: "return"; value: TS.Expression | undefined; node: TS.Node | undefined }
  /** The block's last statement is a `throw`: no successor. */
  | { kind: "throw" };

export interface Block {
  readonly id: BlockId;
  readonly stmts: TS.Statement[];
  term: Terminator | undefined;
  /** Targets of jumps embedded in `stmts` (a `break` out of a native loop into exploded code). */
  readonly embeddedJumps: BlockId[];
}

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
    case "suspend":
      return [term.resume];
    default:
      return [];
  }
}
