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
import { skipOuterExpressions } from "./syntax";

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
  /** Bindings are numbered 1..bindingCount in this file (temps take the ids after). */
  readonly bindingCount: number;
}

/**
 * Make a binding that no source declares (compiler temporaries). Ids are per file: the binder
 * numbers a file's bindings 1..bindingCount, and whoever makes temps numbers them on from there.
 */
export function createTempBinding(name: string, scope: Scope, id: number): Binding {
  return { id, name, kind: "temp", declaration: undefined, scope, assigned: true, captured: false };
}

/**
 * The binder's two walks ask "which kind of node is this?" of every node. Asked as a chain of
 * `ts.isX(node)` tests, each test reloads `node.kind` from a node whose shape varies with its kind
 * (a megamorphic load), and most nodes fail thirty of them before reaching the default: that
 * was most of the binder's time. Instead, each walk reads `node.kind` once and looks up its class
 * in a table filled from the same `ts.isX` tests, in the same order, on a stand-in node of the
 * kind (the tests used here look at nothing but `kind`), so the classes are those of the chains
 * for whatever TypeScript version `ts` is (SyntaxKind numbers change between versions). A kind is
 * classified the first time it is met: a file uses a few dozen of the ~360 kinds.
 */
const D_OTHER = 0; // declaration walk: no declarations here; look inside
const D_IDENTIFIER = 1;
const D_SKIP = 2; // types, interfaces, type aliases
const D_FUNCTION = 3; // function-like: functions, arrows, methods, constructors, accessors
const D_CLASS = 4;
const D_VARIABLE_LIST = 5;
const D_IMPORT = 6; // import clause, namespace import, import specifier, import-equals
const D_ENUM = 7;
const D_MODULE = 8;
const D_BLOCK = 9; // blocks, for / for-in / for-of heads, case blocks
const D_CATCH = 10;

const V_OTHER = 0; // reference walk: look inside
const V_IDENTIFIER = 1;
const V_SKIP = 2; // types, interfaces, type aliases, namespaces, imports, qualified names, break/continue, new.target
const V_EXPORT = 3;
const V_PROPERTY_ACCESS = 4;
const V_LABELED = 5;
const V_PROPERTY_ASSIGNMENT = 6;
const V_SHORTHAND = 7;
const V_MEMBER = 8; // methods, properties, accessors, signatures, enum members
const V_FUNCTION = 9; // the other function-likes
const V_CLASS = 10;
const V_VARIABLE = 11;
const V_CATCH = 12;
const V_BINARY = 13;
const V_UNARY = 14; // prefix and postfix unary expressions
const V_FOR_IN_OF = 15;
const V_JSX_ATTRIBUTE = 16;
const V_BLOCK = 17; // blocks, for heads, case blocks (other than for-in/of)

const UNCLASSIFIED = 255;

/** SyntaxKind → a small class number, each kind classified when first asked for. */
export class KindTable {
  private readonly classes: Uint8Array;
  constructor(
    count: number,
    /** Must look at nothing but the node's `kind`; returns 0–254. */
    private readonly classify: (node: TS.Node) => number,
  ) {
    this.classes = new Uint8Array(count).fill(UNCLASSIFIED);
  }
  of(kind: TS.SyntaxKind): number {
    const c = this.classes[kind];
    return c !== UNCLASSIFIED ? c : (this.classes[kind] = this.classify({ kind } as TS.Node));
  }
}

interface KindTables {
  readonly count: number;
  readonly declare: KindTable;
  readonly visit: KindTable;
  readonly functionLike: KindTable;
}

let tablesTs: typeof TS | undefined;
let tables: KindTables | undefined;

function kindTables(ts: typeof TS): KindTables {
  if (ts === tablesTs) return tables!;
  let count = 0;
  for (const v of Object.values(ts.SyntaxKind)) if (typeof v === "number" && v >= count) count = v + 1;
  tablesTs = ts;
  tables = {
    count,
    declare: new KindTable(count, (n) => declareClassOf(ts, n)),
    visit: new KindTable(count, (n) => visitClassOf(ts, n)),
    functionLike: new KindTable(count, (n) => (isFunctionLikeNode(ts, n) ? 1 : 0)),
  };
  return tables;
}

function isFunctionLikeNode(ts: typeof TS, n: TS.Node): boolean {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

function isBlockLike(ts: typeof TS, n: TS.Node): boolean {
  return ts.isBlock(n) || ts.isForStatement(n) || ts.isForInStatement(n) || ts.isForOfStatement(n) || ts.isCaseBlock(n);
}

/** The declaration walk's tests, in its order. */
function declareClassOf(ts: typeof TS, n: TS.Node): number {
  if (ts.isIdentifier(n)) return D_IDENTIFIER;
  if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return D_SKIP;
  if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return D_SKIP;
  if (isFunctionLikeNode(ts, n)) return D_FUNCTION;
  if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return D_CLASS;
  if (ts.isVariableDeclarationList(n)) return D_VARIABLE_LIST;
  if (ts.isImportClause(n) || ts.isNamespaceImport(n) || ts.isImportSpecifier(n) || ts.isImportEqualsDeclaration(n)) return D_IMPORT;
  if (ts.isEnumDeclaration(n)) return D_ENUM;
  if (ts.isModuleDeclaration(n)) return D_MODULE;
  if (isBlockLike(ts, n)) return D_BLOCK;
  if (ts.isCatchClause(n)) return D_CATCH;
  return D_OTHER;
}

/** The reference walk's tests, in its order. */
function visitClassOf(ts: typeof TS, n: TS.Node): number {
  if (ts.isIdentifier(n)) return V_IDENTIFIER;
  if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return V_SKIP;
  if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isModuleDeclaration(n) || ts.isImportDeclaration(n) || ts.isImportEqualsDeclaration(n)) {
    return V_SKIP;
  }
  if (ts.isExportDeclaration(n)) return V_EXPORT;
  if (ts.isPropertyAccessExpression(n)) return V_PROPERTY_ACCESS;
  if (ts.isQualifiedName(n)) return V_SKIP;
  if (ts.isLabeledStatement(n)) return V_LABELED;
  if (ts.isBreakOrContinueStatement(n)) return V_SKIP;
  if (ts.isPropertyAssignment(n)) return V_PROPERTY_ASSIGNMENT;
  if (ts.isShorthandPropertyAssignment(n)) return V_SHORTHAND;
  if (
    ts.isMethodDeclaration(n) ||
    ts.isPropertyDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n) ||
    ts.isPropertySignature(n) ||
    ts.isMethodSignature(n) ||
    ts.isEnumMember(n)
  ) {
    return V_MEMBER;
  }
  if (isFunctionLikeNode(ts, n)) return V_FUNCTION;
  if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return V_CLASS;
  if (ts.isVariableDeclaration(n)) return V_VARIABLE;
  if (ts.isCatchClause(n)) return V_CATCH;
  if (ts.isBinaryExpression(n)) return V_BINARY;
  if (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) return V_UNARY;
  if (ts.isForInStatement(n) || ts.isForOfStatement(n)) return V_FOR_IN_OF;
  if (ts.isJsxAttribute(n)) return V_JSX_ATTRIBUTE;
  if (ts.isMetaProperty(n)) return V_SKIP;
  if (isBlockLike(ts, n)) return V_BLOCK;
  return V_OTHER;
}

const kindSets = new WeakMap<typeof TS, Map<string, KindTable>>();

/**
 * A table over SyntaxKind, `of(kind)` 1 for the kinds of node that `test` accepts, else 0, for
 * walks that would otherwise run the same chain of `ts.isX` tests on every node (see
 * kindTables). `test` must look at nothing but `kind`; `name` identifies it in the per-`ts` cache.
 */
export function kindSet(ts: typeof TS, name: string, test: (node: TS.Node) => boolean): KindTable {
  let sets = kindSets.get(ts);
  if (!sets) kindSets.set(ts, (sets = new Map()));
  let set = sets.get(name);
  if (!set) sets.set(name, (set = new KindTable(kindTables(ts).count, (n) => (test(n) ? 1 : 0))));
  return set;
}

export function isFunctionLike(ts: typeof TS, node: TS.Node): node is TS.SignatureDeclaration {
  return kindTables(ts).functionLike.of(node.kind) === 1;
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

/** Bind a whole source file: pass 1 makes the scopes and declarations, pass 2 resolves references. */
export function bindFile(ts: typeof TS, file: TS.SourceFile): BindResult {
  const binder = new Binder(ts, file);
  ts.forEachChild(file, (c) => binder.declareIn(c, binder.moduleScope));
  for (const s of file.statements) binder.visit(s, binder.moduleScope);
  return binder.result();
}

function functionScopeOf(scope: Scope): Scope {
  let s = scope;
  while (s.kind === "block") s = s.parent!;
  return s;
}

function resolveIn(scope: Scope, name: string): Binding | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const b = s.bindings.get(name);
    if (b) return b;
  }
  return undefined;
}

/** The state of binding one file: what both passes fill, and their walks. */
class Binder {
  readonly refs = new Map<TS.Identifier, Binding>();
  readonly scopes = new Map<TS.Node, Scope>();
  readonly free = new Set<TS.Identifier>();
  readonly names = new Set<string>();
  readonly moduleScope: Scope;
  private nextBindingId = 1;
  /** Per class: the scope its `extends` clause and computed member names are evaluated in. */
  private readonly classDefinitionScopes = new Map<TS.Node, Scope>();
  private readonly declareClass: KindTable;
  private readonly visitClass: KindTable;

  constructor(
    private readonly ts: typeof TS,
    file: TS.SourceFile,
  ) {
    const tables = kindTables(ts);
    this.declareClass = tables.declare;
    this.visitClass = tables.visit;
    this.moduleScope = this.makeScope(file, "module", undefined, file);
  }

  result(): BindResult {
    return { refs: this.refs, scopes: this.scopes, free: this.free, names: this.names, moduleScope: this.moduleScope, bindingCount: this.nextBindingId - 1 };
  }

  private makeScope(node: TS.Node, kind: Scope["kind"], parent: Scope | undefined, container: TS.Node): Scope {
    const s: Scope = { node, kind, parent, container, bindings: new Map() };
    this.scopes.set(node, s);
    return s;
  }

  private declare(scope: Scope, id: TS.Identifier, kind: BindingKind): void {
    if (scope.bindings.has(id.text)) return; // redeclaration (var twice, function over var): one binding
    scope.bindings.set(id.text, {
      id: this.nextBindingId++,
      name: id.text,
      kind,
      declaration: id,
      scope,
      assigned: false,
      captured: false,
    });
  }

  private declarePattern(scope: Scope, name: TS.BindingName, kind: BindingKind): void {
    if (this.ts.isIdentifier(name)) {
      this.declare(scope, name, kind);
      return;
    }
    for (const el of name.elements) {
      if (this.ts.isOmittedExpression(el)) continue;
      this.declarePattern(scope, el.name, kind);
    }
  }

  // ---- pass 1: scopes and declarations -----------------------------------------------------

  declareIn(node: TS.Node, scope: Scope): void {
    const ts = this.ts;
    switch (this.declareClass.of(node.kind)) {
      case D_IDENTIFIER:
        this.names.add((node as TS.Identifier).text);
        return;
      case D_SKIP:
        return;
      case D_FUNCTION:
        return this.declareFunction(node as TS.FunctionLikeDeclaration, scope);
      case D_CLASS:
        return this.declareClassLike(node as TS.ClassLikeDeclaration, scope);
      case D_VARIABLE_LIST: {
        const list = node as TS.VariableDeclarationList;
        const kind = declarationKind(list);
        const target = kind === "var" ? functionScopeOf(scope) : scope;
        for (const d of list.declarations) this.declarePattern(target, d.name, kind);
        break;
      }
      case D_IMPORT: {
        const n = (node as { name?: TS.Identifier }).name;
        if (n && !(node as { isTypeOnly?: boolean }).isTypeOnly) this.declare(this.moduleScope, n, "import");
        break;
      }
      case D_ENUM: {
        const name = (node as TS.EnumDeclaration).name;
        if (ts.isIdentifier(name)) this.declare(scope, name, "enum");
        break;
      }
      case D_MODULE: {
        const name = (node as TS.ModuleDeclaration).name;
        if (ts.isIdentifier(name)) {
          this.declare(scope, name, "namespace");
          return; // namespaces are their own world; nothing of ours runs inside them
        }
        break;
      }
      case D_BLOCK: {
        const blockScope = this.makeScope(node, "block", scope, scope.container);
        ts.forEachChild(node, (c) => this.declareIn(c, blockScope));
        return;
      }
      case D_CATCH:
        return this.declareCatch(node as TS.CatchClause, scope);
    }
    ts.forEachChild(node, (c) => this.declareIn(c, scope));
  }

  private declareFunction(fn: TS.FunctionLikeDeclaration, scope: Scope): void {
    const ts = this.ts;
    if (ts.isFunctionDeclaration(fn) && fn.name) {
      // Function declarations are hoisted to the enclosing function scope at the top level of a
      // function, and block-scoped inside blocks (strict mode).
      const target = scope.kind === "block" && !this.isFunctionBodyBlock(scope.node) ? scope : functionScopeOf(scope);
      this.declare(target, fn.name, "function");
    }
    const fnScope = this.makeScope(fn, "function", scope, fn);
    if (ts.isFunctionExpression(fn) && fn.name) this.declare(fnScope, fn.name, "function");
    for (const p of fn.parameters) this.declarePattern(fnScope, p.name, "param");
    ts.forEachChild(fn, (c) => this.declareIn(c, fnScope));
  }

  private declareClassLike(cls: TS.ClassLikeDeclaration, scope: Scope): void {
    const ts = this.ts;
    if (ts.isClassDeclaration(cls) && cls.name) this.declare(scope, cls.name, "class");
    // A class body runs later than the code around it (methods, field initialisers), so it is a
    // "function" for capture purposes.
    const classScope = this.makeScope(cls, "function", scope, cls);
    if (ts.isClassExpression(cls) && cls.name) this.declare(classScope, cls.name, "class");
    ts.forEachChild(cls, (c) => this.declareIn(c, classScope));
  }

  private declareCatch(clause: TS.CatchClause, scope: Scope): void {
    const catchScope = this.makeScope(clause, "block", scope, scope.container);
    if (clause.variableDeclaration) this.declarePattern(catchScope, clause.variableDeclaration.name, "catch");
    if (clause.variableDeclaration) this.ts.forEachChild(clause.variableDeclaration, (c) => this.declareIn(c, catchScope));
    this.declareIn(clause.block, catchScope);
  }

  private isFunctionBodyBlock(node: TS.Node): boolean {
    return this.ts.isBlock(node) && !!node.parent && isFunctionLike(this.ts, node.parent);
  }

  // ---- pass 2: references -------------------------------------------------------------------

  private reference(id: TS.Identifier, scope: Scope, write: boolean): void {
    const b = resolveIn(scope, id.text);
    if (!b) {
      this.free.add(id);
      return;
    }
    this.refs.set(id, b);
    if (write) b.assigned = true;
    if (functionScopeOf(scope).container !== functionScopeOf(b.scope).container) b.captured = true;
  }

  /** An assignment target: identifiers in it are writes. */
  private visitTargets(node: TS.Expression, scope: Scope): void {
    const ts = this.ts;
    node = skipOuterExpressions(ts, node);
    if (ts.isIdentifier(node)) {
      this.reference(node, scope, true);
    } else if (ts.isArrayLiteralExpression(node)) {
      for (const e of node.elements) {
        if (ts.isSpreadElement(e)) this.visitTargets(e.expression, scope);
        else if (!ts.isOmittedExpression(e)) this.visitTargets(e, scope);
      }
    } else if (ts.isObjectLiteralExpression(node)) {
      for (const p of node.properties) this.visitPropertyTarget(p, scope);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.visitTargets(node.left, scope);
      this.visit(node.right, scope);
    } else {
      this.visit(node, scope);
    }
  }

  private visitPropertyTarget(p: TS.ObjectLiteralElementLike, scope: Scope): void {
    const ts = this.ts;
    if (ts.isShorthandPropertyAssignment(p)) {
      this.reference(p.name, scope, true);
      if (p.objectAssignmentInitializer) this.visit(p.objectAssignmentInitializer, scope);
    } else if (ts.isPropertyAssignment(p)) {
      if (ts.isComputedPropertyName(p.name)) this.visit(p.name.expression, scope);
      this.visitTargets(p.initializer, scope);
    } else if (ts.isSpreadAssignment(p)) {
      this.visitTargets(p.expression, scope);
    } else {
      this.visit(p, scope);
    }
  }

  /** Declarations are not references, but computed keys and defaults inside patterns are. */
  private visitBindingName(name: TS.BindingName, scope: Scope): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      const b = resolveIn(scope, name.text);
      if (b) this.refs.set(name, b);
      return;
    }
    for (const el of name.elements) {
      if (ts.isOmittedExpression(el)) continue;
      if (el.propertyName && ts.isComputedPropertyName(el.propertyName)) this.visit(el.propertyName.expression, scope);
      this.visitBindingName(el.name, scope);
      if (el.initializer) this.visit(el.initializer, scope);
    }
  }

  visit(node: TS.Node, scope: Scope): void {
    const ts = this.ts;
    switch (this.visitClass.of(node.kind)) {
      case V_IDENTIFIER:
        this.reference(node as TS.Identifier, scope, false);
        return;
      case V_SKIP:
        return;
      case V_EXPORT:
        return this.visitExport(node as TS.ExportDeclaration, scope);
      case V_PROPERTY_ACCESS:
        this.visit((node as TS.PropertyAccessExpression).expression, scope);
        return;
      case V_LABELED:
        this.visit((node as TS.LabeledStatement).statement, scope);
        return;
      case V_PROPERTY_ASSIGNMENT: {
        const p = node as TS.PropertyAssignment;
        if (ts.isComputedPropertyName(p.name)) this.visit(p.name.expression, scope);
        this.visit(p.initializer, scope);
        return;
      }
      case V_SHORTHAND: {
        const p = node as TS.ShorthandPropertyAssignment;
        this.reference(p.name, scope, false);
        if (p.objectAssignmentInitializer) this.visit(p.objectAssignmentInitializer, scope);
        return;
      }
      case V_MEMBER:
        return this.visitMember(node as TS.ClassElement | TS.TypeElement | TS.EnumMember, scope);
      case V_FUNCTION:
        return this.visitFunction(node as TS.FunctionLikeDeclaration, scope);
      case V_CLASS:
        return this.visitClassLike(node as TS.ClassLikeDeclaration, scope);
      case V_VARIABLE: {
        const decl = node as TS.VariableDeclaration;
        this.visitBindingName(decl.name, scope);
        if (decl.initializer) this.visit(decl.initializer, scope);
        return;
      }
      case V_CATCH: {
        const clause = node as TS.CatchClause;
        const inner = this.scopes.get(clause)!;
        if (clause.variableDeclaration) this.visitBindingName(clause.variableDeclaration.name, inner);
        this.visit(clause.block, inner);
        return;
      }
      case V_BINARY:
        if (this.visitAssignment(node as TS.BinaryExpression, scope)) return;
        break;
      case V_UNARY:
        if (this.visitUpdate(node as TS.PrefixUnaryExpression | TS.PostfixUnaryExpression, scope)) return;
        break;
      case V_FOR_IN_OF: {
        // Loop heads open their scope here (as blocks do below); functions, classes and catch
        // clauses above.
        const loop = node as TS.ForInOrOfStatement;
        scope = this.scopes.get(loop) ?? scope;
        if (ts.isVariableDeclarationList(loop.initializer)) break;
        this.visitTargets(loop.initializer as TS.Expression, scope);
        this.visit(loop.expression, scope);
        this.visit(loop.statement, scope);
        return;
      }
      case V_JSX_ATTRIBUTE: {
        const attr = node as TS.JsxAttribute;
        if (attr.initializer) this.visit(attr.initializer, scope);
        return;
      }
      case V_BLOCK:
        scope = this.scopes.get(node) ?? scope;
        break;
    }
    ts.forEachChild(node, (c) => this.visit(c, scope));
  }

  private visitExport(decl: TS.ExportDeclaration, scope: Scope): void {
    const ts = this.ts;
    if (!decl.moduleSpecifier && decl.exportClause && ts.isNamedExports(decl.exportClause)) {
      for (const s of decl.exportClause.elements) {
        const local = s.propertyName ?? s.name;
        if (ts.isIdentifier(local)) this.reference(local, scope, false);
      }
    }
  }

  private visitMember(member: TS.ClassElement | TS.TypeElement | TS.EnumMember, scope: Scope): void {
    const ts = this.ts;
    const name = member.name;
    if (name && ts.isComputedPropertyName(name)) this.visit(name.expression, (member.parent && this.classDefinitionScopes.get(member.parent)) ?? scope);
    const inner = this.scopes.get(member) ?? scope;
    if (ts.isPropertyDeclaration(member) && member.initializer) this.visit(member.initializer, scope);
    if (isFunctionLike(ts, member)) {
      for (const p of member.parameters) this.visitParameter(p, inner);
      const body = (member as TS.FunctionLikeDeclaration).body;
      if (body) this.visit(body, inner);
    }
    if (ts.isEnumMember(member) && member.initializer) this.visit(member.initializer, scope);
  }

  private visitFunction(fn: TS.FunctionLikeDeclaration, scope: Scope): void {
    const ts = this.ts;
    const inner = this.scopes.get(fn)!;
    if (fn.name && ts.isIdentifier(fn.name)) {
      const b = resolveIn(ts.isFunctionExpression(fn) ? inner : scope, fn.name.text);
      if (b) this.refs.set(fn.name, b);
    }
    for (const p of fn.parameters) this.visitParameter(p, inner);
    const body = fn.body;
    if (body) {
      // The function body block shares the function scope (parameters and vars live together).
      if (ts.isBlock(body)) for (const s of body.statements) this.visit(s, this.scopes.get(body) ?? inner);
      else this.visit(body, inner);
    }
  }

  private visitClassLike(cls: TS.ClassLikeDeclaration, scope: Scope): void {
    const ts = this.ts;
    if (cls.name) {
      const b = resolveIn(this.scopes.get(cls) ?? scope, cls.name.text);
      if (b) this.refs.set(cls.name, b);
    }
    const inner = this.scopes.get(cls) ?? scope;
    // `extends` and computed member names run when the class is defined, in the enclosing
    // function: they see the class's own name (in its TDZ) but capture nothing.
    const definition: Scope = { node: cls, kind: "block", parent: scope, container: scope.container, bindings: inner.bindings };
    this.classDefinitionScopes.set(cls, definition);
    for (const h of cls.heritageClauses ?? []) {
      if (h.token === ts.SyntaxKind.ExtendsKeyword) for (const t of h.types) this.visit(t.expression, definition);
    }
    for (const m of cls.members) this.visit(m, inner);
  }

  /** `x = …`, `x += …`: false for a binary expression that assigns nothing (visited as any node). */
  private visitAssignment(bin: TS.BinaryExpression, scope: Scope): boolean {
    const ts = this.ts;
    const op = bin.operatorToken.kind;
    if (!(op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment)) return false;
    if (op === ts.SyntaxKind.EqualsToken) this.visitTargets(bin.left, scope);
    else {
      const target = skipOuterExpressions(ts, bin.left);
      if (ts.isIdentifier(target)) this.reference(target, scope, true);
      else this.visit(bin.left, scope);
    }
    this.visit(bin.right, scope);
    return true;
  }

  /** `++x`, `x--`: false for another unary expression. */
  private visitUpdate(unary: TS.PrefixUnaryExpression | TS.PostfixUnaryExpression, scope: Scope): boolean {
    const ts = this.ts;
    if (unary.operator !== ts.SyntaxKind.PlusPlusToken && unary.operator !== ts.SyntaxKind.MinusMinusToken) return false;
    const target = skipOuterExpressions(ts, unary.operand);
    if (ts.isIdentifier(target)) this.reference(target, scope, true);
    else this.visit(unary.operand, scope);
    return true;
  }

  private visitParameter(p: TS.ParameterDeclaration, scope: Scope): void {
    this.visitBindingName(p.name, scope);
    if (p.initializer) this.visit(p.initializer, scope);
  }
}
