/**
 * Printing the cases of resume: each CasePlan of the layout becomes the statements of one case,
 * its blocks' statements rewritten (rewrite.ts), its terminators turned into state stores,
 * returns of the marker's output, inlined code and `state = N; continue dispatch` jumps, inside a
 * try that routes exceptions when the case runs under a handler of the body.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { BlockId, EmbeddedJump } from "../../analysis/ir";
import type { LoweredBody } from "../../analysis/lower";
import type { StoragePlan } from "./storage";
import type { BlockCode, CaseLayout, Flow, TermCode } from "./layout";
import type { Rewriter } from "./rewrite";
import { isPure, isSideEffectFree } from "./purity";

/** A case of the switch: its labels (one, until cases with the same code are merged) and its code. */
export interface PrintedCase {
  labels: { label: number; name: string }[];
  body: TS.Statement[];
}

export interface CasePrintInput {
  ts: typeof TS;
  site: Site;
  exploded: LoweredBody;
  states: readonly string[];
  plan: StoragePlan;
  layout: CaseLayout;
  /** Whether a first yield_ can be reached later too (a run-time flag then says which is first). */
  needsFirstFlag: boolean;
  runtime: (name: string) => TS.Expression;
}

export interface PrintedCases {
  readonly cases: PrintedCase[];
  /** The local that holds an output computed before the state is stored, if one was needed. */
  readonly outputName: string | undefined;
}

/**
 * The statements of every case. `makeRewriter` receives the embedded-jump printer the rewrite
 * needs and gives the rewriter of the body.
 */
export class CasePrinter {
  /**
   * The output is computed while the instance is still Running (so a resume from inside it is
   * ALREADY_RUNNING and `state` reads "Running"): anything but a plain read goes to a local first.
   */
  outputName: string | undefined;
  rewriter!: Rewriter;
  private readonly f: TS.NodeFactory;

  constructor(private readonly cx: CasePrintInput) {
    this.f = cx.ts.factory;
  }

  /** Print every case of the layout, in its order. */
  printCases(): PrintedCases {
    const cases = this.cx.layout.cases.map((c) => {
      let body: TS.Statement[] = [];
      this.printBlock(c.code, body);
      if (c.handler !== undefined) {
        // Exceptions in this code go to the body's own catch/finally (or close a for…of iterator).
        const { errorName } = this.cx.plan;
        const f = this.f;
        body = [f.createTryStatement(f.createBlock(body, true), f.createCatchClause(errorName, f.createBlock(this.route(c.handler, errorName), true)), undefined)];
      }
      return { labels: [{ label: c.label, name: c.name }], body };
    });
    return { cases, outputName: this.outputName };
  }

  /** The code of a jump embedded in a native statement: its cleanup, then the jump or the return. */
  readonly embeddedJump = (jump: EmbeddedJump, at: TS.Node): TS.Statement => {
    const stmts = jump.cleanup.map((c) => this.rewriter.rewrite(c));
    if (jump.kind === "goto") stmts.push(...this.jumpTo(jump.target));
    else stmts.push(...this.returnSequence(jump.value && this.rewriter.rewrite(jump.value), jump.node, false));
    return this.cx.ts.setTextRange(this.f.createBlock(stmts, true), at);
  };

  private printBlock(code: BlockCode, out: TS.Statement[]): void {
    for (const s of this.cx.exploded.blocks[code.block].stmts) out.push(this.rewriter.rewrite(s));
    this.printTerminator(code.term, out);
  }

  private printFlow(flow: Flow, out: TS.Statement[]): void {
    if (flow.kind === "inline") this.printBlock(flow.code, out);
    else out.push(...this.jumpTo(flow.target));
  }

  private printTerminator(t: TermCode, out: TS.Statement[]): void {
    const { ts, states } = this.cx;
    const f = this.f;
    switch (t.kind) {
      case "goto":
        return this.printFlow(t.next, out);
      case "branch": {
        const yes: TS.Statement[] = [];
        const no: TS.Statement[] = [];
        this.printFlow(t.whenTrue, yes);
        this.printFlow(t.whenFalse, no);
        out.push(f.createIfStatement(this.rewriter.rewrite(t.cond), f.createBlock(yes, true)));
        out.push(...no);
        return;
      }
      case "suspend": {
        const s = t.term;
        const value = s.value && this.rewriter.rewrite(s.value);
        const suspend: TS.Statement[] = [];
        const output = this.computeFirst(value, suspend);
        suspend.push(this.setState(s.state, states[s.state]));
        const ret = f.createReturnStatement(s.passThrough ? output : this.suspendOutput(output));
        ts.setTextRange(ret, s.node);
        suspend.push(ret);
        if (t.first) {
          // yieldAtStart: the first yield_ executed receives the input and runs on.
          const take: TS.Statement[] = [];
          const { firstName } = this.cx.plan;
          if (this.cx.needsFirstFlag) take.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(firstName), f.createFalse())));
          if (value && !isSideEffectFree(ts, value)) take.push(f.createExpressionStatement(value));
          this.printFlow(t.take!, take);
          if (t.first === "always") {
            out.push(...take);
            return;
          }
          out.push(f.createIfStatement(f.createIdentifier(firstName), f.createBlock(take, true)));
        }
        out.push(...suspend);
        return;
      }
      case "return":
        out.push(...this.returnSequence(t.term.value && this.rewriter.rewrite(t.term.value), t.term.node, false));
        return;
      case "throw":
        return;
    }
  }

  private setState(value: number, comment: string): TS.Statement {
    const { ts } = this.cx;
    const f = this.f;
    const s = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), "_state"), f.createNumericLiteral(value)));
    ts.addSyntheticTrailingComment(s, ts.SyntaxKind.MultiLineCommentTrivia, ` ${comment} `, false);
    return s;
  }

  private suspendOutput(value: TS.Expression | undefined): TS.Expression | undefined {
    const f = this.f;
    if (this.cx.site.spec.output === "iteratorResult") {
      return f.createObjectLiteralExpression([f.createPropertyAssignment("value", value ?? f.createVoidZero()), f.createPropertyAssignment("done", f.createFalse())]);
    }
    return value;
  }

  private returnOutput(value: TS.Expression | undefined): TS.Expression | undefined {
    const f = this.f;
    const { output } = this.cx.site.spec;
    if (output === "iteratorResult") {
      return f.createObjectLiteralExpression([f.createPropertyAssignment("value", value ?? f.createVoidZero()), f.createPropertyAssignment("done", f.createTrue())]);
    }
    if (output === "poll") {
      return f.createObjectLiteralExpression([f.createPropertyAssignment("ready", f.createTrue()), f.createPropertyAssignment("value", value ?? f.createVoidZero())]);
    }
    return value;
  }

  private computeFirst(value: TS.Expression | undefined, out: TS.Statement[], canStay = (e: TS.Expression) => isPure(this.cx.ts, e)): TS.Expression | undefined {
    const f = this.f;
    if (!value || canStay(value)) return value;
    this.outputName ??= this.cx.plan.fresh("output");
    out.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(this.outputName), value)));
    return f.createIdentifier(this.outputName);
  }

  private returnSequence(value: TS.Expression | undefined, at: TS.Node | undefined, nested: boolean): TS.Statement[] {
    const { ts, site, states, plan } = this.cx;
    const f = this.f;
    const first: TS.Statement[] = [];
    const target = site.spec.restartsOnReturn ? 0 : states.length - 1;
    // The output may read a field the restart resets: then even a field read goes to a local first.
    value = plan.restartResets.length ? this.computeFirst(value, first, (e) => isSideEffectFree(ts, e)) : this.computeFirst(value, first);
    for (const name of plan.restartResets) first.push(f.createExpressionStatement(f.createAssignment(this.rewriter.member(nested, name), f.createVoidZero())));
    const assignState = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(this.rewriter.thisRef(nested), "_state"), f.createNumericLiteral(target)));
    ts.addSyntheticTrailingComment(assignState, ts.SyntaxKind.MultiLineCommentTrivia, ` ${states[target]} `, false);
    const ret = f.createReturnStatement(this.returnOutput(value));
    if (at) ts.setTextRange(ret, at);
    return [...first, assignState, ret];
  }

  /** `state = N; continue dispatch` to the case of `target` (layoutCases gave it its label). */
  private jumpTo(target: BlockId): TS.Statement[] {
    const { ts, states, plan, layout } = this.cx;
    const f = this.f;
    const label = layout.labelOf.get(target);
    if (label === undefined) throw new Error(`internal: block ${target} is jumped to but has no case`);
    const s = f.createExpressionStatement(f.createAssignment(f.createIdentifier(plan.stateName), f.createNumericLiteral(label)));
    const name = label <= states.length - 2 ? states[label] : undefined;
    if (name) ts.addSyntheticTrailingComment(s, ts.SyntaxKind.MultiLineCommentTrivia, ` ${name} `, false);
    return [s, f.createContinueStatement(plan.dispatchLabel)];
  }

  /** Statements that send exception `error` (an identifier) to handler `h`. */
  private route(h: number | undefined, error: string): TS.Statement[] {
    const f = this.f;
    if (h === undefined) return [f.createThrowStatement(f.createIdentifier(error))];
    const handler = this.cx.exploded.handlers[h];
    const set = (b: Binding, v: TS.Expression) => f.createExpressionStatement(f.createAssignment(this.rewriter.referenceTo(b, false) as TS.Identifier, v));
    if (handler.kind === "close") {
      return [
        f.createExpressionStatement(f.createCallExpression(this.cx.runtime("closeIteratorOnThrow"), undefined, [this.rewriter.referenceTo(handler.iterator, false)!])),
        ...this.route(handler.parent, error),
      ];
    }
    if (handler.kind === "catch") return [set(handler.error, f.createIdentifier(error)), ...this.jumpTo(handler.entry)];
    return [set(handler.completion, f.createNumericLiteral(1)), set(handler.value, f.createIdentifier(error)), ...this.jumpTo(handler.entry)];
  }
}
