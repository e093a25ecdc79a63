/**
 * Passes over the printed cases, before the class is printed: cases whose code comes out
 * identical share one body (`case 2: case 4: case 5: …`, states that resume into the same
 * continuation, e.g. every `c = yield_(x)` at the end of a loop body); a body none of whose code
 * can run user code or throw drops the Running store, the try and stores of the state it is in;
 * the largest group of resume states becomes the `default` clause. An optimisation over printed
 * code belongs here, as one more function called from compileBody (emit.ts).
 */
import type * as TS from "typescript";
import { codeSignature, sameSignature, type CodeSignature } from "./signature";
import type { PrintedCase } from "./print-cases";
import { isInertStatement } from "./purity";

/**
 * Cases with the same code merged, in order. Case groups are kept by the kinds of their
 * statements, then by their signature's hash: only cases of one shape can have the same code.
 * The first case of a shape is signed only when a second one comes; looking up the hash (rather
 * than comparing with every case of the shape) keeps a body of thousands of alike cases linear.
 * Same code, same signature (printing every case to compare them was a third of the
 * transformer's time). A tagged template's strings object is one per source position: a case
 * with one has no signature and is never shared.
 */
export function shareCases(ts: typeof TS, cases: readonly PrintedCase[]): PrintedCase[] {
  const groups: PrintedCase[] = [];
  const groupsByShape = new Map<string, { unsigned: number | undefined; byHash: Map<number, number[]> }>();
  const signatures = new Map<number, CodeSignature | undefined>();
  const texts = new Map<string, number>();
  const signatureOf = (g: number): CodeSignature | undefined => {
    if (!signatures.has(g)) signatures.set(g, codeSignature(ts, groups[g].body, texts));
    return signatures.get(g);
  };
  const indexByHash = (byHash: Map<number, number[]>, g: number): void => {
    const sig = signatureOf(g);
    if (!sig) return;
    const list = byHash.get(sig.hash);
    if (list) list.push(g);
    else byHash.set(sig.hash, [g]);
  };
  /** Adds a case; adds its label to an earlier group instead when that one has the same code. */
  const addCase = ({ labels, body }: PrintedCase): void => {
    const shape = body.map((st) => st.kind).join(",");
    const ofShape = groupsByShape.get(shape);
    groups.push({ labels: [...labels], body });
    const mine = groups.length - 1;
    if (!ofShape) {
      groupsByShape.set(shape, { unsigned: mine, byHash: new Map() });
      return;
    }
    if (ofShape.unsigned !== undefined) {
      indexByHash(ofShape.byHash, ofShape.unsigned);
      ofShape.unsigned = undefined;
    }
    const sig = signatureOf(mine);
    for (const g of (sig && ofShape.byHash.get(sig.hash)) || []) {
      if (!sameSignature(signatureOf(g)!, sig!)) continue;
      groups[g].labels.push(...labels);
      groups.pop();
      signatures.delete(mine);
      return;
    }
    indexByHash(ofShape.byHash, mine);
  };
  cases.forEach(addCase);
  return groups;
}

/**
 * When no case can run user code or throw (only moves between locals and fields, strict
 * comparisons, literals: a delay line), nothing can observe Running or make the body panic, so
 * resume needs neither the Running store nor the try. `residentNames` are resume's locals,
 * `ownFields` the instance's data fields.
 */
export function isInertBody(ts: typeof TS, groups: readonly PrintedCase[], residentNames: Set<string>, ownFields: Set<string>): boolean {
  return groups.every((g) => g.body.every((st) => isInertStatement(ts, st, residentNames, ownFields)));
}

/**
 * In an inert body without jumps, `_state` keeps the value the case was entered with until it
 * suspends: in a case of one state, suspending in that same state needs no store (the delay
 * line's `case 1`). Returns the groups with those stores left out.
 */
export function dropSameStateStores(ts: typeof TS, groups: readonly PrintedCase[]): PrintedCase[] {
  return groups.map((g) => {
    if (g.labels.length !== 1) return g;
    const same = g.labels[0].label;
    const isSameStore = (n: TS.Node) =>
      ts.isExpressionStatement(n) &&
      ts.isBinaryExpression(n.expression) &&
      n.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.expression.left) &&
      n.expression.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      n.expression.left.name.text === "_state" &&
      ts.isNumericLiteral(n.expression.right) &&
      Number(n.expression.right.text) === same;
    const strip = (n: TS.Node): TS.Node | undefined => (isSameStore(n) ? undefined : ts.isBlock(n) || ts.isIfStatement(n) ? ts.visitEachChild(n, strip, undefined) : n);
    return { labels: g.labels, body: g.body.filter((st) => !isSameStore(st)).map((st) => strip(st) as TS.Statement) };
  });
}

/**
 * The group that becomes the `default` clause, behind a range check: the largest group of
 * resume states (fewer labels make a smaller switch, and V8 inlines a resume only while its
 * bytecode stays under 460 bytes, and a shorter compare chain). Only when every resumable state
 * has a case, so that the range check lets through exactly the states of the group.
 */
export function defaultGroupOf(groups: readonly PrintedCase[], lastResumable: number): PrintedCase | undefined {
  const resumable = Array.from({ length: lastResumable + 1 }, (_, i) => i);
  const everyStateHasCase = resumable.every((i) => groups.some((g) => g.labels.some((l) => l.label === i)));
  let defaultGroup: PrintedCase | undefined;
  for (const g of groups) {
    if (g.labels.length >= 2 && g.labels.every((l) => l.label <= lastResumable) && g.labels.length > (defaultGroup?.labels.length ?? 0)) defaultGroup = g;
  }
  return everyStateHasCase ? defaultGroup : undefined;
}
