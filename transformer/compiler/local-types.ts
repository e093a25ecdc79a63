/**
 * The saved locals' TypeScript types for `Class.snapshotSchema`, where the build has a type
 * checker: each field's type as the small descriptor runtime/snapshot-schema.ts turns into JSON
 * Schema (`static localTypes`, parallel to `locals`). Only plain data types are described
 * (number, string, boolean, bigint, null, undefined, string and boolean literals, arrays and
 * tuples, object types whose properties are data, unions); anything else — a class instance, a
 * function, a type parameter, `any` — is 0, any JSON. Never throws: a type it cannot read is 0.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";

/** A descriptor (runtime/snapshot-schema.ts LocalType): 0, a kind name, or [kind, …]. */
export type LocalType = 0 | string | readonly unknown[];

/** Object types nested deeper than this are described as any JSON (recursive types end here). */
const MAX_DEPTH = 4;
/** An object type with more properties than this is described as any JSON. */
const MAX_PROPERTIES = 64;

export interface LocalTypesInput {
  ts: typeof TS;
  checker: TS.TypeChecker;
  /** Without strictNullChecks every type also holds null and undefined. */
  strictNullChecks: boolean;
  fields: readonly string[];
  fieldOf: ReadonlyMap<Binding, string>;
  /** The bindings a snapshot stores (temps.ts): a field's type is the union of theirs. */
  stored: ReadonlySet<Binding>;
}

/** One descriptor per field (a field several bindings share holds the union of their types); undefined when all are 0. */
export function localTypes(input: LocalTypesInput): LocalType[] | undefined {
  const { ts, checker, strictNullChecks, fields, fieldOf, stored } = input;
  const byField = new Map<string, LocalType[]>();
  for (const [binding, field] of fieldOf) {
    if (!stored.has(binding)) continue;
    const list = byField.get(field) ?? [];
    list.push(binding.declaration ? typeOfDeclaration(ts, checker, binding.declaration, strictNullChecks) : 0);
    byField.set(field, list);
  }
  const out = fields.map((field) => union(byField.get(field) ?? [0]));
  return out.some((t) => t !== 0) ? out : undefined;
}

function typeOfDeclaration(ts: typeof TS, checker: TS.TypeChecker, declaration: TS.Identifier, strictNullChecks: boolean): LocalType {
  try {
    // A node the checker did not bind (made by an earlier transformer) has no type to read.
    if (declaration.pos < 0 || !declaration.parent) return 0;
    return new Describer(ts, checker, strictNullChecks).describe(checker.getTypeAtLocation(declaration), 0);
  } catch {
    return 0;
  }
}

/** The union of descriptors: 0 if any is 0, the one if all are the same. */
function union(members: readonly LocalType[]): LocalType {
  const flat: LocalType[] = [];
  for (const m of members) {
    if (m === 0) return 0;
    for (const x of Array.isArray(m) && m[0] === "union" ? (m.slice(1) as LocalType[]) : [m]) {
      if (!flat.some((y) => JSON.stringify(y) === JSON.stringify(x))) flat.push(x);
    }
  }
  // `boolean` is the union true | false to the checker.
  const isConst = (x: LocalType, v: boolean) => Array.isArray(x) && x[0] === "const" && x[1] === v;
  if (flat.some((x) => isConst(x, true)) && flat.some((x) => isConst(x, false))) {
    const rest = flat.filter((x) => !isConst(x, true) && !isConst(x, false));
    flat.length = 0;
    flat.push(...rest, "boolean");
  }
  return flat.length === 1 ? flat[0] : ["union", ...flat];
}

class Describer {
  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
    private readonly strictNullChecks: boolean,
  ) {}

  describe(t: TS.Type, depth: number): LocalType {
    const d = this.exact(t, depth);
    return d === 0 || this.strictNullChecks ? d : union([d, "null", "undefined"]);
  }

  private exact(t: TS.Type, depth: number): LocalType {
    const F = this.ts.TypeFlags;
    const f = t.flags;
    if (f & (F.Any | F.Unknown | F.Never | F.TypeParameter | F.Index | F.IndexedAccess | F.Conditional | F.Substitution | F.ESSymbolLike | F.NonPrimitive)) return 0;
    if (t.isUnion()) return union(t.types.map((m) => this.exact(m, depth)));
    if (f & F.StringLiteral) return ["const", (t as TS.StringLiteralType).value];
    if (f & (F.String | F.TemplateLiteral | F.StringMapping)) return "string";
    if (f & F.NumberLike) return "number";
    if (f & F.BigIntLike) return "bigint";
    if (f & F.BooleanLiteral) return ["const", (t as { intrinsicName?: string }).intrinsicName === "true"];
    if (f & F.Boolean) return "boolean";
    if (f & (F.Undefined | F.Void)) return "undefined";
    if (f & F.Null) return "null";
    if (f & F.Object) return depth >= MAX_DEPTH ? 0 : this.object(t as TS.ObjectType, depth);
    return 0;
  }

  private object(t: TS.ObjectType, depth: number): LocalType {
    const { ts, checker } = this;
    const c = checker as TS.TypeChecker & { isArrayType?(t: TS.Type): boolean; isTupleType?(t: TS.Type): boolean };
    if (c.isArrayType?.(t) || c.isTupleType?.(t)) {
      const elements = checker.getTypeArguments(t as TS.TypeReference);
      return ["array", elements.length ? union(elements.map((e) => this.describe(e, depth + 1))) : 0];
    }
    // Only plain data: no call or construct signatures, no class, no function-valued property.
    if (t.getCallSignatures().length || t.getConstructSignatures().length) return 0;
    const symbol = t.getSymbol();
    if (symbol && symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.Function | ts.SymbolFlags.Method)) return 0;
    if (t.objectFlags & ts.ObjectFlags.Class) return 0;
    const properties = checker.getPropertiesOfType(t);
    if (properties.length > MAX_PROPERTIES) return 0;
    const described: Record<string, LocalType> = {};
    const optional: string[] = [];
    for (const p of properties) {
      if (p.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Accessor)) return 0;
      const name = p.getName();
      // A computed symbol key, or one the encoding would not carry.
      if (name.startsWith("__@") || name === "__proto__") return 0;
      const declaration = p.valueDeclaration ?? p.declarations?.[0];
      const type = declaration ? checker.getTypeOfSymbolAtLocation(p, declaration) : undefined;
      if (!type || type.getCallSignatures().length) return 0;
      described[name] = this.describe(type, depth + 1);
      if (p.flags & ts.SymbolFlags.Optional) optional.push(name);
    }
    const index = checker.getIndexInfosOfType(t);
    const stringIndex = index.find((i) => i.keyType.flags & ts.TypeFlags.String);
    if (index.length && (!stringIndex || index.length > 1)) return 0;
    return ["object", described, optional, stringIndex ? this.describe(stringIndex.type, depth + 1) : 0];
  }
}

/** The descriptors as an array literal of the static `localTypes`. */
export function localTypesExpression(ts: typeof TS, types: readonly LocalType[]): TS.Expression {
  const f = ts.factory;
  const literal = (v: unknown): TS.Expression => {
    if (typeof v === "string") return f.createStringLiteral(v);
    if (typeof v === "number") return f.createNumericLiteral(v);
    if (typeof v === "boolean") return v ? f.createTrue() : f.createFalse();
    if (Array.isArray(v)) return f.createArrayLiteralExpression(v.map(literal));
    const o = v as Record<string, unknown>;
    return f.createObjectLiteralExpression(Object.keys(o).map((k) => f.createPropertyAssignment(f.createStringLiteral(k), literal(o[k]))));
  };
  return literal(types);
}
