/**
 * The value encoding of a snapshot's `locals` (format 1, docs/snapshots.md): plain JSON that keeps
 * what JSON alone loses (identity among the saved values, -0, NaN, ±Infinity, undefined, BigInt,
 * holes and extra properties of arrays, null-prototype objects) and refuses what it cannot carry.
 *
 *   E := string | boolean | null | number          a finite number other than -0, as itself
 *      | [E, …]                                    an array without holes or extra properties
 *      | { key: E, … }                             a plain object none of whose keys starts with "$"
 *      | { "$object": { key: E, … } }              a plain object with a "$" key (keys taken literally)
 *      | { "$nullProto": { key: E, … } }           an object whose prototype is null
 *      | { "$array": length, "items": { key: E } } an array with holes or extra properties (own keys only)
 *      | { "$ref": n }                             the n-th array or object met so far (0-based)
 *      | { "$undefined": true } | { "$bigint": "-12" }
 *      | { "$number": "NaN" | "Infinity" | "-Infinity" | "-0" }
 *
 * Arrays and objects are numbered in the order the encoding meets them: the saved locals in
 * their snapshot order, each depth first, keys in own-property order. Both directions walk with
 * an explicit stack (no recursion, so no input can exhaust the call stack) and stop at MAX_DEPTH.
 * Like the rest of the runtime they call only the built-ins taken in primordials.ts, read
 * properties through their descriptors (no getter runs), and write with defineOwn.
 */
import {
  ArrayIsArray,
  ArrayPrototype,
  BigIntCtor,
  BigIntPrototypeToString,
  MapCtor,
  MapPrototypeGet,
  MapPrototypeSet,
  NumberIsFinite,
  NumberIsInteger,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectIsExtensible,
  ObjectPrototype,
  ReflectOwnKeys,
  StringCtor,
  StringPrototypeCharCodeAt,
  defineOwn,
} from "./primordials";

/** The number in every snapshot's `format`; it changes only when this encoding does. */
export const SNAPSHOT_FORMAT = 1;

/** Arrays and objects nested deeper than this are refused (snapshot) or rejected (restore). */
export const MAX_DEPTH = 1000;

/** Longest `$bigint` digit string restore accepts (a longer one is hostile, not a saved value). */
const MAX_BIGINT_DIGITS = 100000;

/** One value still to encode or decode: where its result goes, and how deep it sits. */
interface Task {
  readonly value: unknown;
  readonly out: object;
  readonly key: PropertyKey;
  readonly depth: number;
  /** The task of the container holding it (for the path in an error); undefined for a root. */
  readonly parent: Task | undefined;
}

/** Why a value was refused, and where: `path` starts at the local (`history[2].name`). */
export interface Refusal {
  readonly root: number;
  readonly path: string;
  readonly why: string;
}

export type CodecResult = { readonly values: unknown[]; readonly refusal?: undefined } | { readonly values?: undefined; readonly refusal: Refusal };

/** Thrown inside a walk to stop it; turned into a Refusal by the walk's caller. */
class Stop {
  constructor(
    readonly task: Task,
    readonly why: string,
  ) {}
}

/** A canonical array index ("0", "17", never "01" or "4294967295"). */
function isIndexKey(key: string): boolean {
  const n = key.length;
  if (n === 0 || n > 10) return false;
  for (let i = 0; i < n; i++) {
    const c = StringPrototypeCharCodeAt(key, i);
    if (c < 48 || c > 57 || (c === 48 && i === 0 && n > 1)) return false;
  }
  return +key < 4294967295;
}

/** The path of a task from its local: `name[3].key`. */
function pathOf(task: Task, rootNames: readonly string[]): { root: number; path: string } {
  let path = "";
  let t: Task = task;
  while (t.parent) {
    const key = t.key;
    path = (typeof key === "number" || isIndexKey(key as string) ? `[${StringCtor(key)}]` : `.${StringCtor(key)}`) + path;
    t = t.parent;
  }
  const root = t.key as number;
  return { root, path: rootNames[root] + path };
}

/** A list the walk pushes onto and pops from by index (never Array.prototype.push). */
class TaskStack {
  private readonly items: Task[] = [];
  private size = 0;
  push(t: Task): void {
    defineOwn(this.items, this.size++, t);
  }
  pop(): Task | undefined {
    return this.size === 0 ? undefined : this.items[--this.size];
  }
}

/** An own data property's value, or Stop for an accessor (reading it would run a getter) or an odd attribute. */
function ownData(task: Task, o: object, key: PropertyKey, lengthOfArray: boolean): unknown {
  const d = ObjectGetOwnPropertyDescriptor(o, key);
  if (!d || !ObjectHasOwn(d, "value")) throw new Stop(task, `an accessor property '${StringCtor(key)}'`);
  if (!lengthOfArray && (!d.writable || !d.enumerable || !d.configurable)) {
    throw new Stop(task, `a read-only, non-enumerable or non-configurable property '${StringCtor(key)}'`);
  }
  return d.value;
}

function tagged(tag: string, value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  defineOwn(o, tag, value);
  return o;
}

/** What snapshot() can say about a value it refuses, without converting it (that would run its code). */
function describeObject(v: object): string {
  if (typeof v === "function") return "a function";
  return "an object that is not plain data (a class instance, Map, Set, Date, RegExp, typed array or the like)";
}

/**
 * Encode the values of the saved locals (`rootNames[i]` holds `values[i]`): the encoded values,
 * or the first refusal. One numbering of shared arrays and objects runs across all of them.
 */
export function encodeValues(values: readonly unknown[], rootNames: readonly string[]): CodecResult {
  const out: unknown[] = [];
  const ids = new MapCtor<unknown, number>();
  let nextId = 0;
  const stack = new TaskStack();
  for (let i = values.length - 1; i >= 0; i--) stack.push({ value: values[i], out, key: i, depth: 0, parent: undefined });
  try {
    for (let t = stack.pop(); t; t = stack.pop()) {
      const v = t.value;
      const put = (x: unknown) => defineOwn(t!.out, t!.key, x);
      switch (typeof v) {
        case "string":
        case "boolean":
          put(v);
          continue;
        case "number":
          if (v !== v) put(tagged("$number", "NaN"));
          else if (!NumberIsFinite(v)) put(tagged("$number", v > 0 ? "Infinity" : "-Infinity"));
          else if (v === 0 && 1 / v < 0) put(tagged("$number", "-0"));
          else put(v);
          continue;
        case "undefined":
          put(tagged("$undefined", true));
          continue;
        case "bigint":
          put(tagged("$bigint", BigIntPrototypeToString!(v)));
          continue;
        case "object":
          if (v === null) {
            put(null);
            continue;
          }
          break;
        case "function":
          throw new Stop(t, "a function");
        default:
          throw new Stop(t, `a ${typeof v}`);
      }
      const o = v as object;
      const seen = MapPrototypeGet(ids, o) as number | undefined;
      if (seen !== undefined) {
        put(tagged("$ref", seen));
        continue;
      }
      if (t.depth >= MAX_DEPTH) throw new Stop(t, `arrays or objects nested deeper than ${MAX_DEPTH} levels`);
      MapPrototypeSet(ids, o, nextId++);
      const isArray = ArrayIsArray(o);
      const proto = ObjectGetPrototypeOf(o);
      if (isArray ? proto !== ArrayPrototype : proto !== ObjectPrototype && proto !== null) throw new Stop(t, describeObject(o));
      if (!ObjectIsExtensible(o)) throw new Stop(t, "a frozen, sealed or non-extensible object");
      const keys = ReflectOwnKeys(o);
      const children: { key: string; value: unknown }[] = [];
      let indices = 0;
      let dollar = false;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (typeof key === "symbol") throw new Stop(t, "a property with a symbol key");
        if (isArray && key === "length") continue;
        if (isArray && isIndexKey(key)) indices++;
        if (StringPrototypeCharCodeAt(key, 0) === 36) dollar = true;
        defineOwn(children, children.length, { key, value: ownData(t, o, key, false) });
      }
      let body: object;
      if (isArray) {
        const length = (o as unknown[]).length;
        if (indices === length && children.length === length) {
          body = [];
          put(body);
        } else {
          body = {};
          const wrapper = tagged("$array", length);
          defineOwn(wrapper, "items", body);
          put(wrapper);
        }
      } else {
        body = {};
        put(proto === null ? tagged("$nullProto", body) : dollar ? tagged("$object", body) : body);
      }
      const dense = ArrayIsArray(body);
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        stack.push({ value: c.value, out: body, key: dense ? i : c.key, depth: t.depth + 1, parent: t });
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const where = pathOf(e.task, rootNames);
    return { refusal: { root: where.root, path: where.path, why: e.why } };
  }
  return { values: out };
}

/** A plain data object of the encoding (what JSON.parse makes), or undefined. */
function plainObject(v: unknown): object | undefined {
  if (v === null || typeof v !== "object" || ArrayIsArray(v)) return undefined;
  const proto = ObjectGetPrototypeOf(v);
  return proto === ObjectPrototype || proto === null ? (v as object) : undefined;
}

/** The own string keys of an encoded object; Stop on a symbol key. */
function stringKeys(task: Task, o: object): string[] {
  const keys = ReflectOwnKeys(o);
  for (let i = 0; i < keys.length; i++) if (typeof keys[i] === "symbol") throw new Stop(task, "a symbol key");
  return keys as string[];
}

const NUMBERS: Record<string, number> = { __proto__: null, NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 } as unknown as Record<string, number>;

/** A `$bigint` digit string: an optional minus, then digits without a leading zero. */
function isBigIntText(s: string): boolean {
  const n = s.length;
  const start = n > 0 && StringPrototypeCharCodeAt(s, 0) === 45 ? 1 : 0;
  if (n === start || n > MAX_BIGINT_DIGITS) return false;
  for (let i = start; i < n; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c < 48 || c > 57 || (c === 48 && i === start && n > start + 1)) return false;
  }
  return true;
}

/**
 * Decode encoded locals (as `encodeValues` made them, or as anyone wrote them): fresh values, or
 * the first thing wrong with them. Everything is checked; nothing in the input is called.
 */
export function decodeValues(values: readonly unknown[], rootNames: readonly string[]): CodecResult {
  const out: unknown[] = [];
  const made: object[] = [];
  const stack = new TaskStack();
  for (let i = values.length - 1; i >= 0; i--) stack.push({ value: values[i], out, key: i, depth: 0, parent: undefined });
  try {
    for (let t = stack.pop(); t; t = stack.pop()) {
      const e = t.value;
      const put = (x: unknown) => defineOwn(t!.out, t!.key, x);
      switch (typeof e) {
        case "string":
        case "boolean":
          put(e);
          continue;
        case "number":
          if (!NumberIsFinite(e)) throw new Stop(t, "a number JSON cannot hold");
          put(e);
          continue;
        case "object":
          if (e === null) {
            put(null);
            continue;
          }
          break;
        default:
          throw new Stop(t, `a ${typeof e}, which JSON cannot hold`);
      }
      const container = (body: object, items: object, kind: "array" | "object" | "null" | "sparse", keys: readonly string[]) => {
        if (t!.depth >= MAX_DEPTH) throw new Stop(t!, `arrays or objects nested deeper than ${MAX_DEPTH} levels`);
        defineOwn(made, made.length, body);
        put(body);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          if (kind === "sparse" && key === "length") throw new Stop(t!, "an array item named 'length'");
          const value = ownData(t!, items, kind === "array" ? i : key, false);
          stack.push({ value, out: body, key: kind === "array" ? i : key, depth: t!.depth + 1, parent: t });
        }
      };
      if (ArrayIsArray(e)) {
        if (ObjectGetPrototypeOf(e) !== ArrayPrototype) throw new Stop(t, "an array that is not plain data");
        const length = ownData(t, e, "length", true) as number;
        const keys = ReflectOwnKeys(e);
        if (keys.length !== length + 1) throw new Stop(t, "an array with holes or extra properties (use the $array form)");
        const indices: string[] = [];
        for (let i = 0; i < length; i++) {
          if (!ObjectHasOwn(e, i)) throw new Stop(t, "an array with holes (use the $array form)");
          defineOwn(indices, i, "");
        }
        container([], e, "array", indices);
        continue;
      }
      const o = plainObject(e);
      if (!o) throw new Stop(t, "an object that is not plain data");
      const keys = stringKeys(t, o);
      let dollar = false;
      for (let i = 0; i < keys.length; i++) if (StringPrototypeCharCodeAt(keys[i], 0) === 36) dollar = true;
      if (!dollar) {
        container({}, o, "object", keys);
        continue;
      }
      const tag = keys[0];
      const arg = ownData(t, o, tag, false);
      if (keys.length === 2 && ((tag === "$array" && keys[1] === "items") || (tag === "items" && keys[1] === "$array"))) {
        const length = ownData(t, o, "$array", false);
        const items = plainObject(ownData(t, o, "items", false));
        if (typeof length !== "number" || !NumberIsInteger(length) || length < 0 || length > 4294967295) throw new Stop(t, "an $array length that is not an array length");
        if (!items) throw new Stop(t, "$array items that are not an object");
        const body: unknown[] = [];
        ObjectDefineProperty(body, "length", { __proto__: null, value: length } as PropertyDescriptor);
        const itemKeys = stringKeys(t, items);
        for (let i = 0; i < itemKeys.length; i++) if (isIndexKey(itemKeys[i]) && +itemKeys[i] >= length) throw new Stop(t, "an $array item past its length");
        container(body, items, "sparse", itemKeys);
        continue;
      }
      if (keys.length !== 1) throw new Stop(t, `an object with a "$" key that is not one of the encoding's forms`);
      switch (tag) {
        case "$ref":
          if (typeof arg !== "number" || !NumberIsInteger(arg) || arg < 0 || arg >= made.length) throw new Stop(t, "a $ref to no array or object met before it");
          put(made[arg]);
          continue;
        case "$undefined":
          if (arg !== true) throw new Stop(t, "a $undefined that is not true");
          put(undefined);
          continue;
        case "$number":
          if (typeof arg !== "string" || !ObjectHasOwn(NUMBERS, arg)) throw new Stop(t, "a $number that is not NaN, Infinity, -Infinity or -0");
          put(NUMBERS[arg]);
          continue;
        case "$bigint":
          if (typeof arg !== "string" || !isBigIntText(arg) || !BigIntCtor) throw new Stop(t, "a $bigint that is not a decimal integer");
          put(BigIntCtor(arg));
          continue;
        case "$object":
        case "$nullProto": {
          const body = plainObject(arg);
          if (!body) throw new Stop(t, `a ${tag} whose value is not an object`);
          container(tag === "$object" ? {} : ObjectCreate(null), body, "object", stringKeys(t, body));
          continue;
        }
      }
      throw new Stop(t, `an unknown form ${tag}`);
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const where = pathOf(e.task, rootNames);
    return { refusal: { root: where.root, path: where.path, why: e.why } };
  }
  return { values: out };
}
