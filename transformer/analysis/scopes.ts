/**
 * A syntactic binder: which declaration every identifier in a file refers to. The transformer
 * needs it to move locals into fields and to find what a body captures; the language service
 * needs it to tell a `yield_` import from a shadowing local. It works on one file without a
 * type checker, so it runs in transpile-only pipelines too.
 *
 * Model: JavaScript's scopes. A function-like node makes a "function" scope (parameters, `var`,
 * `arguments`); blocks, `for` heads, `switch` case blocks and `catch` clauses make "block" scopes
 * (`let`, `const`, `class`, and function declarations nested in blocks, as strict mode does);
 * the source file is the module scope. Type-only declarations and type positions are ignored.
 */
import type * as TS from "typescript";

export type BindingKind =
  | "var"
  | "let"
  | "const"
  | "using"
  | "param"
  | "function"
  | "class"
  | "import"
  | "catch"
  | "enum"
  | "namespace"
  | "temp";

export interface Binding {
  readonly id: number;
  readonly name: string;
  readonly kind: BindingKind;
  /** The declaring identifier (undefined for temps and implicit bindings). */
  readonly declaration: TS.Identifier | undefined;
  readonly scope: Scope;
  /** True when some write other than the declaration's own initialisation targets it. */
  assigned: boolean;
  /** True when it is referenced from a function nested inside its declaring function. */
  captured: boolean;
}

export interface Scope {
  readonly node: TS.Node;
  readonly kind: "module" | "function" | "block";
  readonly parent: Scope | undefined;
  /** The function-like node (or source file) this scope belongs to. */
  readonly container: TS.Node;
  readonly bindings: Map<string, Binding>;
}

export interface BindResult {
  /** Every identifier in a value position that resolves to a declaration in this file. */
  readonly refs: Map<TS.Identifier, Binding>;
  /** The scope a scope-making node introduced. */
  readonly scopes: Map<TS.Node, Scope>;
  /** Identifiers in value positions that resolve to nothing in this file (globals). */
  readonly free: Set<TS.Identifier>;
  /** Every identifier text that appears in the file, for choosing fresh names. */
  readonly names: Set<string>;
  readonly moduleScope: Scope;
}

let nextBindingId = 1;

/** Make a binding that no source declares (compiler temporaries). */
export function createTempBinding(name: string, scope: Scope): Binding {
  return { id: nextBindingId++, name, kind: "temp", declaration: undefined, scope, assigned: true, captured: false };
}

export function isFunctionLike(ts: typeof TS, node: TS.Node): node is TS.SignatureDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** let, const, using (and await using) or var, from a declaration list's flags. */
export function declarationKind(list: TS.VariableDeclarationList): "var" | "let" | "const" | "using" {
  // NodeFlags: Let = 1, Const = 2, Using = 4, AwaitUsing = Using | Const.
  const k = list.flags & 7;
  if (k === 1) return "let";
  if (k === 2) return "const";
  if (k === 4 || k === 6) return "using";
  return "var";
}

/** Bind a whole source file. */
export function bindFile(ts: typeof TS, file: TS.SourceFile): BindResult {
  const refs = new Map<TS.Identifier, Binding>();
  const scopes = new Map<TS.Node, Scope>();
  const free = new Set<TS.Identifier>();
  const names = new Set<string>();

  function makeScope(node: TS.Node, kind: Scope["kind"], parent: Scope | undefined, container: TS.Node): Scope {
    const s: Scope = { node, kind, parent, container, bindings: new Map() };
    scopes.set(node, s);
    return s;
  }

  function declare(scope: Scope, id: TS.Identifier, kind: BindingKind): void {
    if (scope.bindings.has(id.text)) return; // redeclaration (var twice, function over var): one binding
    scope.bindings.set(id.text, {
      id: nextBindingId++,
      name: id.text,
      kind,
      declaration: id,
      scope,
      assigned: false,
      captured: false,
    });
  }

  function declarePattern(scope: Scope, name: TS.BindingName, kind: BindingKind): void {
    if (ts.isIdentifier(name)) {
      declare(scope, name, kind);
      return;
    }
    for (const el of name.elements) {
      if (ts.isOmittedExpression(el)) continue;
      declarePattern(scope, el.name, kind);
    }
  }

  function functionScopeOf(scope: Scope): Scope {
    let s = scope;
    while (s.kind === "block") s = s.parent!;
    return s;
  }

  function varKind(list: TS.VariableDeclarationList): BindingKind {
    return declarationKind(list);
  }

  // ---- pass 1: scopes and declarations -----------------------------------------------------
  const moduleScope = makeScope(file, "module", undefined, file);

  function declareIn(node: TS.Node, scope: Scope): void {
    if (ts.isIdentifier(node)) {
      names.add(node.text);
      return;
    }
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;

    if (isFunctionLike(ts, node)) {
      if (ts.isFunctionDeclaration(node) && node.name) {
        // Function declarations are hoisted to the enclosing function scope at the top level of a
        // function, and block-scoped inside blocks (strict mode).
        const target = scope.kind === "block" && !isFunctionBodyBlock(scope.node) ? scope : functionScopeOf(scope);
        declare(target, node.name, "function");
      }
      const fnScope = makeScope(node, "function", scope, node);
      if (ts.isFunctionExpression(node) && node.name) declare(fnScope, node.name, "function");
      for (const p of node.parameters) declarePattern(fnScope, p.name, "param");
      ts.forEachChild(node, (c) => declareIn(c, fnScope));
      return;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      if (ts.isClassDeclaration(node) && node.name) declare(scope, node.name, "class");
      // A class body runs later than the code around it (methods, field initialisers), so it is a
      // "function" for capture purposes.
      const classScope = makeScope(node, "function", scope, node);
      if (ts.isClassExpression(node) && node.name) declare(classScope, node.name, "class");
      ts.forEachChild(node, (c) => declareIn(c, classScope));
      return;
    }
    if (ts.isVariableDeclarationList(node)) {
      const kind = varKind(node);
      const target = kind === "var" ? functionScopeOf(scope) : scope;
      for (const d of node.declarations) declarePattern(target, d.name, kind);
      ts.forEachChild(node, (c) => declareIn(c, scope));
      return;
    }
    if (ts.isImportClause(node) || ts.isNamespaceImport(node) || ts.isImportSpecifier(node) || ts.isImportEqualsDeclaration(node)) {
      const n = (node as { name?: TS.Identifier }).name;
      if (n && !(node as any).isTypeOnly) declare(moduleScope, n, "import");
      ts.forEachChild(node, (c) => declareIn(c, scope));
      return;
    }
    if (ts.isEnumDeclaration(node) && ts.isIdentifier(node.name)) {
      declare(scope, node.name, "enum");
    } else if (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name)) {
      declare(scope, node.name, "namespace");
      return; // namespaces are their own world; nothing of ours runs inside them
    }
    if (ts.isBlock(node) || ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isCaseBlock(node)) {
      const blockScope = makeScope(node, "block", scope, scope.container);
      ts.forEachChild(node, (c) => declareIn(c, blockScope));
      return;
    }
    if (ts.isCatchClause(node)) {
      const catchScope = makeScope(node, "block", scope, scope.container);
      if (node.variableDeclaration) declarePattern(catchScope, node.variableDeclaration.name, "catch");
      if (node.variableDeclaration) ts.forEachChild(node.variableDeclaration, (c) => declareIn(c, catchScope));
      declareIn(node.block, catchScope);
      return;
    }
    ts.forEachChild(node, (c) => declareIn(c, scope));
  }

  function isFunctionBodyBlock(node: TS.Node): boolean {
    return ts.isBlock(node) && !!node.parent && isFunctionLike(ts, node.parent);
  }

  ts.forEachChild(file, (c) => declareIn(c, moduleScope));

  // ---- pass 2: references -------------------------------------------------------------------
  function resolve(scope: Scope, name: string): Binding | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return undefined;
  }

  function reference(id: TS.Identifier, scope: Scope, write: boolean): void {
    const b = resolve(scope, id.text);
    if (!b) {
      free.add(id);
      return;
    }
    refs.set(id, b);
    if (write) b.assigned = true;
    if (functionScopeOf(scope).container !== functionScopeOf(b.scope).container) b.captured = true;
  }

  function visitTargets(node: TS.Expression, scope: Scope): void {
    // An assignment target: identifiers in it are writes.
    node = skipOuterExpressions(node);
    if (ts.isIdentifier(node)) {
      reference(node, scope, true);
    } else if (ts.isArrayLiteralExpression(node)) {
      for (const e of node.elements) {
        if (ts.isSpreadElement(e)) visitTargets(e.expression, scope);
        else if (!ts.isOmittedExpression(e)) visitTargets(e, scope);
      }
    } else if (ts.isObjectLiteralExpression(node)) {
      for (const p of node.properties) {
        if (ts.isShorthandPropertyAssignment(p)) {
          reference(p.name, scope, true);
          if (p.objectAssignmentInitializer) visit(p.objectAssignmentInitializer, scope);
        } else if (ts.isPropertyAssignment(p)) {
          if (ts.isComputedPropertyName(p.name)) visit(p.name.expression, scope);
          visitTargets(p.initializer, scope);
        } else if (ts.isSpreadAssignment(p)) {
          visitTargets(p.expression, scope);
        } else {
          visit(p, scope);
        }
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      visitTargets(node.left, scope);
      visit(node.right, scope);
    } else {
      visit(node, scope);
    }
  }

  function skipOuterExpressions(e: TS.Expression): TS.Expression {
    while (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isTypeAssertionExpression(e) ||
      ts.isSatisfiesExpression(e)
    ) {
      e = e.expression;
    }
    return e;
  }

  function visitBindingName(name: TS.BindingName, scope: Scope): void {
    // Declarations are not references, but computed keys and defaults inside patterns are.
    if (ts.isIdentifier(name)) {
      const b = resolve(scope, name.text);
      if (b) refs.set(name, b);
      return;
    }
    for (const el of name.elements) {
      if (ts.isOmittedExpression(el)) continue;
      if (el.propertyName && ts.isComputedPropertyName(el.propertyName)) visit(el.propertyName.expression, scope);
      visitBindingName(el.name, scope);
      if (el.initializer) visit(el.initializer, scope);
    }
  }

  function visit(node: TS.Node, scope: Scope): void {
    // Blocks and loop heads open their scope here; functions, classes and catch clauses below.
    if (ts.isBlock(node) || ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isCaseBlock(node)) {
      scope = scopes.get(node) ?? scope;
    }

    if (ts.isIdentifier(node)) {
      reference(node, scope, false);
      return;
    }
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isModuleDeclaration(node) ||
      ts.isImportDeclaration(node) ||
      ts.isImportEqualsDeclaration(node)
    ) {
      return;
    }
    if (ts.isExportDeclaration(node)) {
      if (!node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const s of node.exportClause.elements) {
          const local = s.propertyName ?? s.name;
          if (ts.isIdentifier(local)) reference(local, scope, false);
        }
      }
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      visit(node.expression, scope);
      return;
    }
    if (ts.isQualifiedName(node)) return;
    if (ts.isLabeledStatement(node)) {
      visit(node.statement, scope);
      return;
    }
    if (ts.isBreakOrContinueStatement(node)) return;
    if (ts.isPropertyAssignment(node)) {
      if (ts.isComputedPropertyName(node.name)) visit(node.name.expression, scope);
      visit(node.initializer, scope);
      return;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      reference(node.name, scope, false);
      if (node.objectAssignmentInitializer) visit(node.objectAssignmentInitializer, scope);
      return;
    }
    if (
      ts.isMethodDeclaration(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isPropertySignature(node) ||
      ts.isMethodSignature(node) ||
      ts.isEnumMember(node)
    ) {
      const name = node.name;
      if (name && ts.isComputedPropertyName(name)) visit(name.expression, scope);
      const inner = scopes.get(node) ?? scope;
      if (ts.isPropertyDeclaration(node) && node.initializer) visit(node.initializer, scope);
      if (isFunctionLike(ts, node)) {
        for (const p of node.parameters) visitParameter(p, inner);
        const body = (node as TS.FunctionLikeDeclaration).body;
        if (body) visit(body, inner);
      }
      if (ts.isEnumMember(node) && node.initializer) visit(node.initializer, scope);
      return;
    }
    if (isFunctionLike(ts, node)) {
      const inner = scopes.get(node)!;
      if (node.name && ts.isIdentifier(node.name)) {
        const b = resolve(ts.isFunctionExpression(node) ? inner : scope, node.name.text);
        if (b) refs.set(node.name, b);
      }
      for (const p of node.parameters) visitParameter(p, inner);
      const body = (node as TS.FunctionLikeDeclaration).body;
      if (body) {
        // The function body block shares the function scope (parameters and vars live together).
        if (ts.isBlock(body)) for (const s of body.statements) visit(s, scopes.get(body) ?? inner);
        else visit(body, inner);
      }
      return;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      if (node.name) {
        const b = resolve(scopes.get(node) ?? scope, node.name.text);
        if (b) refs.set(node.name, b);
      }
      const inner = scopes.get(node) ?? scope;
      for (const h of node.heritageClauses ?? []) {
        if (h.token === ts.SyntaxKind.ExtendsKeyword) for (const t of h.types) visit(t.expression, inner);
      }
      for (const m of node.members) visit(m, inner);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      visitBindingName(node.name, scope);
      if (node.initializer) visit(node.initializer, scope);
      return;
    }
    if (ts.isCatchClause(node)) {
      const inner = scopes.get(node)!;
      if (node.variableDeclaration) visitBindingName(node.variableDeclaration.name, inner);
      visit(node.block, inner);
      return;
    }
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken) visitTargets(node.left, scope);
      else {
        const target = skipOuterExpressions(node.left);
        if (ts.isIdentifier(target)) reference(target, scope, true);
        else visit(node.left, scope);
      }
      visit(node.right, scope);
      return;
    }
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const target = skipOuterExpressions(node.operand);
      if (ts.isIdentifier(target)) reference(target, scope, true);
      else visit(node.operand, scope);
      return;
    }
    if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      const inner = scopes.get(node) ?? scope;
      visitTargets(node.initializer as TS.Expression, inner);
      visit(node.expression, inner);
      visit(node.statement, inner);
      return;
    }
    if (ts.isJsxAttribute(node)) {
      if (node.initializer) visit(node.initializer, scope);
      return;
    }
    if (ts.isMetaProperty(node)) return;
    ts.forEachChild(node, (c) => visit(c, scope));
  }

  function visitParameter(p: TS.ParameterDeclaration, scope: Scope): void {
    visitBindingName(p.name, scope);
    if (p.initializer) visit(p.initializer, scope);
  }

  function isAssignmentOperator(kind: TS.SyntaxKind): boolean {
    return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
  }

  for (const s of file.statements) visit(s, moduleScope);
  return { refs, scopes, free, names, moduleScope };
}
