/**
 * Printing the state-machine class, the backend's last pass: the statics (states, locals,
 * liveLocals, site, temps, delegates, entries, template strings), the constructor that gives
 * every field its start value in one order (one hidden class), and resume(input) around the
 * cases' switch.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { Capture } from "../../analysis/captures";
import type { StoragePlan } from "./storage";
import type { CaseLayout } from "./layout";
import type { PrintedCase } from "./print-cases";
import type { TempsPlan } from "./temps";

/** The switch's cases after the passes over printed code (share-cases.ts). */
export interface FinishedCases {
  readonly groups: readonly PrintedCase[];
  readonly defaultGroup: PrintedCase | undefined;
  /** No case can run user code or throw: no Running store, no try. */
  readonly inert: boolean;
}

export interface ClassPrintInput {
  ts: typeof TS;
  site: Site;
  states: readonly string[];
  className: string;
  siteId: string;
  captures: readonly Capture[];
  runtime: (name: string) => TS.Expression;
  plan: StoragePlan;
  layout: CaseLayout;
  cases: FinishedCases;
  temps: TempsPlan;
  /** static localTypes: the saved locals' checker types, when the build has a checker (local-types.ts). */
  localTypes: TS.Expression | undefined;
  /** Locals of resume besides the plan's: the output temporary. */
  outputName: string | undefined;
  needSelf: boolean;
  needsFirstFlag: boolean;
  templateStatics: readonly TS.PropertyDeclaration[];
  /** The code of a temporary's recipe (rewritten as the cases are). */
  rewrite: (e: TS.Expression) => TS.Expression;
  /** A fresh identifier for an outer binding passed to the constructor (an enclosing body rewrites it in turn). */
  captureValue: (b: Binding) => TS.Identifier;
}

export interface PrintedClass {
  readonly classDeclaration: TS.ClassDeclaration;
  /** Arguments of `new Class(...)` at the site. */
  readonly constructorArgs: TS.Expression[];
}

export function printClass(input: ClassPrintInput): PrintedClass {
  const { ts, site } = input;
  const f = ts.factory;
  const { ctor, constructorArgs } = printConstructor(input);
  const classDeclaration = f.createClassDeclaration(
    undefined,
    input.className,
    undefined,
    [f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(input.runtime(site.spec.baseClass), undefined)])],
    [...printStatics(input), ...input.templateStatics, ctor, printResume(input)],
  );
  ts.setTextRange(classDeclaration, site.call);
  return { classDeclaration, constructorArgs };
}

function printSwitch(input: ClassPrintInput): TS.Statement {
  const { ts, plan, states } = input;
  const f = ts.factory;
  const { groups, defaultGroup } = input.cases;
  const { usesDispatch } = input.layout;
  const caseClauses: TS.CaseOrDefaultClause[] = [];
  for (const g of groups) {
    if (g === defaultGroup) continue;
    g.labels.forEach(({ label, name }, i) => {
      const clause = f.createCaseClause(f.createNumericLiteral(label), i === g.labels.length - 1 ? g.body : []);
      ts.addSyntheticLeadingComment(clause, ts.SyntaxKind.MultiLineCommentTrivia, ` ${name} `, true);
      caseClauses.push(clause);
    });
  }
  // A state with no case (Done, Running, Panicked) falls out of the switch: its state is put back
  // and resumeFailed raises the right error outside the try.
  if (defaultGroup) {
    const outOfRange = f.createLogicalOr(
      f.createLessThan(f.createIdentifier(plan.stateName), f.createNumericLiteral(0)),
      f.createGreaterThan(f.createIdentifier(plan.stateName), f.createNumericLiteral(states.length - 2)),
    );
    const guard = f.createIfStatement(outOfRange, f.createBreakStatement(usesDispatch ? plan.dispatchLabel : undefined));
    const clause = f.createDefaultClause([guard, ...defaultGroup.body]);
    ts.addSyntheticLeadingComment(clause, ts.SyntaxKind.MultiLineCommentTrivia, ` ${defaultGroup.labels.map((l) => l.name).join(", ")} `, true);
    caseClauses.push(clause);
  } else if (usesDispatch) caseClauses.push(f.createDefaultClause([f.createBreakStatement(plan.dispatchLabel)]));
  const sw = f.createSwitchStatement(f.createIdentifier(plan.stateName), f.createCaseBlock(caseClauses));
  return usesDispatch ? f.createLabeledStatement(plan.dispatchLabel, f.createForStatement(undefined, undefined, undefined, sw)) : sw;
}

/** resume(input): the state in a local, resume's own locals, then the switch (in a try unless inert). */
function printResume(input: ClassPrintInput): TS.MethodDeclaration {
  const { ts, plan } = input;
  const f = ts.factory;
  const resumeBody: TS.Statement[] = [];
  const stateDecl = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      [f.createVariableDeclaration(plan.stateName, undefined, undefined, f.createPropertyAccessExpression(f.createThis(), "_state"))],
      input.layout.usesDispatch ? ts.NodeFlags.Let : ts.NodeFlags.Const,
    ),
  );
  resumeBody.push(stateDecl);
  const locals = [...plan.localOf.values()];
  if (input.outputName) locals.push(input.outputName);
  if (locals.length) resumeBody.push(f.createVariableStatement(undefined, f.createVariableDeclarationList(locals.map((n) => f.createVariableDeclaration(n)), ts.NodeFlags.Let)));
  if (input.needSelf) resumeBody.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(plan.selfName, undefined, undefined, f.createThis())], ts.NodeFlags.Const)));
  if (input.needsFirstFlag) {
    const isStart = f.createStrictEquality(f.createIdentifier(plan.stateName), f.createNumericLiteral(0));
    resumeBody.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(plan.firstName, undefined, undefined, isStart)], ts.NodeFlags.Let)));
  }
  const dispatch = printSwitch(input);
  const panicked = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), "_state"), f.createPrefixMinus(f.createNumericLiteral(2))));
  ts.addSyntheticTrailingComment(panicked, ts.SyntaxKind.MultiLineCommentTrivia, " Done, panicked ", false);
  if (input.cases.inert) {
    resumeBody.push(dispatch);
  } else {
    // From here the instance is Running (a resume from inside its body is ALREADY_RUNNING): one
    // store for every entry, put back below when the state turns out to have no case.
    const running = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), "_state"), f.createPrefixMinus(f.createNumericLiteral(1))));
    ts.addSyntheticTrailingComment(running, ts.SyntaxKind.MultiLineCommentTrivia, " Running ", false);
    resumeBody.push(running);
    const catchClause = f.createCatchClause(plan.errorName, f.createBlock([panicked, f.createThrowStatement(f.createIdentifier(plan.errorName))], true));
    resumeBody.push(f.createTryStatement(f.createBlock([dispatch], true), catchClause, undefined));
  }
  resumeBody.push(f.createReturnStatement(f.createCallExpression(input.runtime("resumeFailed"), undefined, [f.createThis(), f.createIdentifier(plan.stateName)])));
  const param = f.createParameterDeclaration(undefined, undefined, plan.inputName);
  return f.createMethodDeclaration(undefined, undefined, "resume", undefined, undefined, [param], undefined, f.createBlock(resumeBody, true));
}

/** The constructor: every field initialised, in one order; captures and specials passed at the site. */
function printConstructor(input: ClassPrintInput): { ctor: TS.ConstructorDeclaration; constructorArgs: TS.Expression[] } {
  const { ts, plan } = input;
  const f = ts.factory;
  const ctorParams: TS.ParameterDeclaration[] = [];
  const ctorBody: TS.Statement[] = [f.createExpressionStatement(f.createCallExpression(f.createSuper(), undefined, []))];
  const constructorArgs: TS.Expression[] = [];
  const assignField = (name: string, value: TS.Expression) =>
    ctorBody.push(f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), name), value)));
  // Saved locals start as the Smi 0 rather than undefined: V8 then keeps a field that only ever
  // holds numbers in Smi (or double) representation, with no boxing and no write barrier, which
  // made the delay line's resume ~20% faster. The body cannot see the difference: liveness says
  // such a field is written before it is read on every path from Start, and snapshot() reads only
  // the locals live at the state (liveLocals). A field read before it is written (a `var` read
  // early: live on entry to Start), or one that closures or `arguments` reach, starts as
  // undefined as JavaScript would have it.
  for (const name of plan.fields) assignField(name, plan.startsUndefined.has(name) ? f.createVoidZero() : f.createNumericLiteral(0));
  const passed = (field: string, value: TS.Expression) => {
    ctorParams.push(f.createParameterDeclaration(undefined, undefined, field));
    assignField(field, f.createIdentifier(field));
    constructorArgs.push(value);
  };
  for (const c of input.captures) if (c.byValue) passed(plan.captureField.get(c.binding)!, input.captureValue(c.binding));
  if (plan.accessorField) {
    const byReference = input.captures.filter((c) => !c.byValue).map((c) => c.binding);
    passed(plan.accessorField, accessorObject(ts, byReference, input.captureValue));
  }
  const special = (field: string | undefined, value: () => TS.Expression) => field && passed(field, value());
  special(plan.thisField, () => f.createThis());
  special(plan.argumentsField, () => f.createIdentifier("arguments"));
  special(plan.newTargetField, () => f.createMetaProperty(ts.SyntaxKind.NewKeyword, f.createIdentifier("target")));
  special(plan.superField, () =>
    f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, "key")], undefined, undefined, f.createElementAccessExpression(f.createSuper(), f.createIdentifier("key"))),
  );
  return { ctor: f.createConstructorDeclaration(undefined, ctorParams, f.createBlock(ctorBody, true)), constructorArgs };
}

/** The statics the runtime and snapshots read. */
function printStatics(input: ClassPrintInput): TS.PropertyDeclaration[] {
  const { ts, plan, layout, temps } = input;
  const f = ts.factory;
  const staticField = (name: string, value: TS.Expression) => f.createPropertyDeclaration([f.createModifier(ts.SyntaxKind.StaticKeyword)], name, undefined, undefined, value);
  const strings = (xs: readonly string[]) => f.createArrayLiteralExpression(xs.map((x) => f.createStringLiteral(x)));
  const numbers = (xs: readonly number[]) => f.createArrayLiteralExpression(xs.map((x) => f.createNumericLiteral(x)));
  const statics = [staticField("states", strings(input.states)), staticField("locals", strings(plan.fields))];
  if (plan.fields.length) statics.push(staticField("liveLocals", f.createArrayLiteralExpression(plan.liveLocals.map(numbers))));
  statics.push(staticField("site", f.createStringLiteral(input.siteId)));
  if (input.localTypes) statics.push(staticField("localTypes", input.localTypes));
  // What snapshots know of the compiler's temporaries: names for messages, recipes to re-read (temps.ts).
  if (temps.delegates.some((d) => d)) {
    statics.push(staticField("delegates", f.createArrayLiteralExpression(temps.delegates.map((d) => (d ? f.createStringLiteral(d) : f.createNumericLiteral(0))))));
  }
  if (temps.perState.some((t) => t.length)) {
    const perState = temps.perState.map((saved) =>
      saved.length === 0
        ? f.createNumericLiteral(0)
        : f.createObjectLiteralExpression(
            saved.map((t) => {
              const recipe = t.recipe && f.createFunctionExpression(undefined, undefined, undefined, undefined, [], undefined, f.createBlock([f.createReturnStatement(input.rewrite(t.recipe))], false));
              return f.createPropertyAssignment(f.createStringLiteral(t.field), f.createArrayLiteralExpression(recipe ? [f.createStringLiteral(t.description), recipe] : [f.createStringLiteral(t.description)]));
            }),
          ),
    );
    statics.push(staticField("temps", f.createArrayLiteralExpression(perState)));
  }
  if (layout.throwEntries.some((x) => x)) statics.push(staticField("throwEntries", numbers(layout.throwEntries)));
  if (layout.returnEntries.some((x) => x)) statics.push(staticField("returnEntries", numbers(layout.returnEntries)));
  return statics;
}

/** `{ get x() { return x; }, set x(value) { x = value; } }`: live access to outer bindings. */
function accessorObject(ts: typeof TS, bindings: Binding[], ref: (b: Binding) => TS.Identifier): TS.Expression {
  const f = ts.factory;
  const members: TS.ObjectLiteralElementLike[] = [];
  for (const b of bindings) {
    members.push(f.createGetAccessorDeclaration(undefined, b.name, [], undefined, f.createBlock([f.createReturnStatement(ref(b))], false)));
    if (b.assigned) {
      const param = b.name === "value" ? "value_" : "value";
      members.push(
        f.createSetAccessorDeclaration(
          undefined,
          b.name,
          [f.createParameterDeclaration(undefined, undefined, param)],
          f.createBlock([f.createExpressionStatement(f.createAssignment(ref(b), f.createIdentifier(param)))], false),
        ),
      );
    }
  }
  return f.createObjectLiteralExpression(members, false);
}
