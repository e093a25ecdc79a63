/**
 * An `afterDeclarations` transformer: in the declarations emitted for library consumers, the
 * instance type of a marker call carries its site's state names, so `state` is their literal
 * union there (`Coroutine<number, number> & { readonly state: "Start" | "Add" | "Done" }`). In the
 * source file labels do not reach the type system and `state` stays `string`.
 *
 * It reads the declaration's original node: a variable or property whose initialiser is a marker
 * call, or an arrow function whose expression body is one (`export const make = () => coroutine(…)`).
 * Other shapes (a function that returns an instance) keep `string`.
 */
import type * as TS from "typescript";
import { checkFile } from "../analysis/check";
import { skipOuterExpressions } from "../analysis/syntax";

/** The state names of the marker call `expr` (skipping `(…)`, `as`, `!`), or undefined. */
function statesOfExpression(ts: typeof TS, expr: TS.Expression | undefined): readonly string[] | undefined {
  if (!expr) return undefined;
  const inner = skipOuterExpressions(ts, expr);
  if (!ts.isCallExpression(inner)) return undefined;
  const site = checkFile(ts, inner.getSourceFile()).analysis.sites.find((s) => s.site.call === inner);
  return site && site.compilable ? site.states : undefined;
}

/** `type & { readonly state: "A" | "B" }` */
function withStates(ts: typeof TS, type: TS.TypeNode, states: readonly string[]): TS.TypeNode {
  const f = ts.factory;
  const union = f.createUnionTypeNode(states.map((s) => f.createLiteralTypeNode(f.createStringLiteral(s))));
  const member = f.createPropertySignature([f.createModifier(ts.SyntaxKind.ReadonlyKeyword)], "state", undefined, union);
  const base = ts.isTypeReferenceNode(type) || ts.isImportTypeNode(type) || ts.isTypeLiteralNode(type) ? type : f.createParenthesizedType(type);
  return f.createIntersectionTypeNode([base, f.createTypeLiteralNode([member])]);
}

/** The declared type with the state union added, when the original declaration creates an instance. */
function typeWithStates(ts: typeof TS, type: TS.TypeNode, original: TS.Node): TS.TypeNode | undefined {
  if (!(ts.isVariableDeclaration(original) || ts.isPropertyDeclaration(original)) || !original.initializer) return undefined;
  const direct = statesOfExpression(ts, original.initializer);
  if (direct) return withStates(ts, type, direct);
  const init = skipOuterExpressions(ts, original.initializer);
  if (ts.isArrowFunction(init) && !ts.isBlock(init.body) && ts.isFunctionTypeNode(type)) {
    const returned = statesOfExpression(ts, init.body);
    if (returned) {
      const f = ts.factory;
      return f.updateFunctionTypeNode(type, type.typeParameters, type.parameters, withStates(ts, type.type, returned));
    }
  }
  return undefined;
}

export function stateUnionDeclarations(ts: typeof TS): TS.TransformerFactory<TS.SourceFile | TS.Bundle> {
  return (context) => {
    const visit = (node: TS.Node): TS.Node => {
      if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.type) {
        const original = ts.getOriginalNode(node);
        const type = original !== node && !original.getSourceFile().isDeclarationFile ? typeWithStates(ts, node.type, original) : undefined;
        if (type) {
          return ts.isVariableDeclaration(node)
            ? ts.factory.updateVariableDeclaration(node, node.name, node.exclamationToken, type, node.initializer)
            : ts.factory.updatePropertyDeclaration(node, node.modifiers, node.name, node.questionToken ?? node.exclamationToken, type, node.initializer);
        }
        return node;
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (root) => {
      if (ts.isBundle(root)) return root;
      // A file that mentions no "stackless" has no marker call to describe.
      const original = ts.getOriginalNode(root) as TS.SourceFile;
      if (!original.text?.includes("stackless")) return root;
      try {
        return ts.visitEachChild(root, visit, context);
      } catch {
        // The declarations stay as TypeScript wrote them (`state: string`), which is still true.
        return root;
      }
    };
  };
}
