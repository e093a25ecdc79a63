/**
 * What the checker says a marker site's types are (its input, what each `yield_` outputs, what
 * `return` gives) and where each was declared: the facts the type rules (70004, 70009) share.
 */
import type * as TS from "typescript";
import type { SiteAnalysis } from "../analyze";

/** Where a site's types come from, in the order TypeScript decides them. */
export type DeclaredBy =
  /** `coroutine<number, string>(…)` */
  | "typeArguments"
  /** `coroutine((x: number): string => …)`: the body's parameter or return type annotation */
  | "annotation"
  /** `const c: Coroutine<number, string> = coroutine(…)`: the type the call is assigned to */
  | "contextualType"
  /** no annotation: inferred from the body's `return` statements */
  | "returns";

export interface SiteTypes {
  /** What a resume's input is; undefined when nothing declares it (a parameterless body, `unknown`). */
  readonly input: { readonly type: TS.Type; readonly by: DeclaredBy } | undefined;
  /** What every `yield_` operand must be assignable to: a coroutine's O, a generator's Y, a future's Poll<T>. */
  readonly yielded: { readonly type: TS.Type; readonly by: DeclaredBy } | undefined;
  /** What every `return` must give: a coroutine's O, a generator's R, a future's T. */
  readonly returned: { readonly type: TS.Type; readonly by: DeclaredBy } | undefined;
  /** The input type as the instance type has it (for the type-argument fix), declared or not. */
  readonly inputForFix: TS.Type | undefined;
}

/** The type arguments of an instance type (`Coroutine<I, O>`, `StacklessGenerator<Y, R, I>`, `Future<T>`), or undefined. */
function referenceArguments(ts: typeof TS, checker: TS.TypeChecker, type: TS.Type): readonly TS.Type[] | undefined {
  if (!(type.flags & ts.TypeFlags.Object) || !((type as TS.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return undefined;
  return checker.getTypeArguments(type as TS.TypeReference);
}

/** The member of a contextual type (a union such as `Coroutine<…> | undefined` included) that is an instance of `target`. */
function contextualInstance(ts: typeof TS, contextual: TS.Type | undefined, target: TS.Type): TS.Type | undefined {
  if (!contextual) return undefined;
  const members = contextual.isUnion() ? contextual.types : [contextual];
  return members.find((m) => (m as TS.TypeReference).target !== undefined && (m as TS.TypeReference).target === (target as TS.TypeReference).target);
}

/** Whether a type says nothing a value could be checked against. */
export function saysNothing(ts: typeof TS, type: TS.Type | undefined): boolean {
  return !type || (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/** The return type of the instance's `poll` method: a future's `Poll<T>`. */
function pollType(checker: TS.TypeChecker, instance: TS.Type, at: TS.Node): TS.Type | undefined {
  const poll = checker.getPropertyOfType(instance, "poll");
  if (!poll) return undefined;
  const signature = checker.getTypeOfSymbolAtLocation(poll, at).getCallSignatures()[0];
  return signature?.getReturnType();
}

/**
 * The type a call evaluates to: the return type of the signature TypeScript resolved for it. The
 * checker keeps that signature from its own check of the file, so this costs a lookup, where
 * getTypeAtLocation checks the call expression again (most of the type rules' time on a file of
 * many bodies).
 */
export function callType(checker: TS.TypeChecker, call: TS.CallExpression): TS.Type {
  const signature = checker.getResolvedSignature(call);
  return signature ? checker.getReturnTypeOfSignature(signature) : checker.getTypeAtLocation(call);
}

/** The declared (or, for the output of a coroutine without annotations, inferred) types of a site. */
export function siteTypes(ts: typeof TS, checker: TS.TypeChecker, sa: SiteAnalysis): SiteTypes | undefined {
  const { call, body } = sa.site;
  const instanceType = callType(checker, call);
  const callArgs = referenceArguments(ts, checker, instanceType);
  if (!callArgs) return undefined;
  const contextual = call.typeArguments ? undefined : contextualInstance(ts, checker.getContextualType(call), instanceType);
  const contextualArgs = contextual && referenceArguments(ts, checker, contextual);
  const instance = contextualArgs ? contextual! : instanceType;
  const args = contextualArgs ?? callArgs;
  const outputBy: DeclaredBy = call.typeArguments ? "typeArguments" : contextualArgs ? "contextualType" : body.type ? "annotation" : "returns";
  const inputBy: DeclaredBy | undefined = call.typeArguments ? "typeArguments" : contextualArgs ? "contextualType" : body.parameters[0]?.type ? "annotation" : undefined;
  const declared = (type: TS.Type | undefined, by: DeclaredBy | undefined) => (type && by && !saysNothing(ts, type) ? { type, by } : undefined);

  switch (sa.marker.baseClass) {
    case "CoroutineMachine":
      return { input: declared(args[0], inputBy), yielded: declared(args[1], outputBy), returned: declared(args[1], outputBy), inputForFix: callArgs[0] };
    case "GeneratorMachine":
      // A generator infers no yielded type: only type arguments or the contextual type declare Y.
      return {
        input: declared(args[2], inputBy),
        yielded: declared(args[0], outputBy === "returns" || outputBy === "annotation" ? undefined : outputBy),
        returned: declared(args[1], outputBy),
        inputForFix: callArgs[2],
      };
    case "FutureMachine":
      return { input: undefined, yielded: declared(pollType(checker, instance, call), outputBy), returned: declared(args[0], outputBy), inputForFix: undefined };
  }
}

/**
 * The `return` statements that belong to a body (not to functions nested in it), with the
 * expression each gives; an expression body is its own return.
 */
export function bodyReturns(ts: typeof TS, body: TS.ArrowFunction | TS.FunctionExpression): { node: TS.Node; value: TS.Expression | undefined }[] {
  if (!ts.isBlock(body.body)) return [{ node: body.body, value: body.body }];
  const found: { node: TS.Node; value: TS.Expression | undefined }[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n)) found.push({ node: n, value: n.expression });
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body.body, visit);
  return found;
}
