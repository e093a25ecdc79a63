/**
 * `Class.snapshotSchema`: the JSON Schema (draft 2020-12) of a class's snapshots, built from what
 * machine.ts knows of each state and, where the build had a type checker, from the saved locals'
 * TypeScript types (`static localTypes`), written for format 1's encoding (docs/snapshots.md).
 *
 * A local's type arrives as a small descriptor the compiler emits (LocalType): the schema of a
 * descriptor accepts every encoding format 1 may write for a value of that type (`-0` and `NaN`
 * as `{"$number": …}`, an array with holes as `{"$array": …}`, an object seen before as
 * `{"$ref": n}`, …), so a snapshot the class made always validates. A type the compiler cannot
 * describe (a class, a function, a generic parameter, `any`) is 0: any JSON.
 */
import { SNAPSHOT_FORMAT } from "./snapshot-format";
import { ArrayIsArray, ObjectHasOwn, ObjectKeys, defineOwn } from "./primordials";

/**
 * A saved local's type, as the compiler describes it:
 *   0                                           any value (no checker, or a type not described)
 *   "number" | "string" | "boolean" | "bigint" | "undefined" | "null"
 *   ["const", value]                            a string or boolean literal type
 *   ["array", element]                          an array or tuple
 *   ["object", { key: type }, [optional keys], extra]   an object type; extra: its index signature's type, or 0
 *   ["union", type, …]
 */
export type LocalType = 0 | string | readonly unknown[];

/** What the schema needs of one state: its name, the locals it stores, and whether it nests a delegate's snapshot. */
export interface StateShape {
  readonly name: string;
  /** Indices into the class's `locals` of the locals stored as data at this state. */
  readonly stored: readonly { readonly field: string; readonly index: number }[];
  readonly delegates: boolean;
}

const tagged = (key: string, value: object): object => ({
  type: "object",
  additionalProperties: false,
  required: [key],
  properties: { [key]: value },
});

/** The encodings shared by every schema, referenced from the locals' schemas. */
function definitions(): object {
  return {
    number: { anyOf: [{ type: "number" }, tagged("$number", { enum: ["NaN", "Infinity", "-Infinity", "-0"] })] },
    undefined: tagged("$undefined", { const: true }),
    bigint: tagged("$bigint", { type: "string", pattern: "^-?(0|[1-9][0-9]*)$" }),
    ref: tagged("$ref", { type: "integer", minimum: 0 }),
    snapshot: {
      type: "object",
      additionalProperties: false,
      required: ["format", "site", "version", "state", "locals"],
      properties: {
        format: { const: SNAPSHOT_FORMAT },
        site: { type: "string" },
        version: { type: "string" },
        state: { type: "string" },
        locals: { type: "object" },
        delegate: { $ref: "#/$defs/snapshot" },
      },
    },
  };
}

const REF = { $ref: "#/$defs/ref" };

/** The schema of every encoding of a value of type `t` (depth-limited: the compiler's descriptors are). */
export function schemaOfType(t: unknown, depth = 0): object {
  if (depth > 32) return {};
  if (t === "number" || t === "undefined" || t === "bigint") return { $ref: `#/$defs/${t}` };
  if (t === "string" || t === "boolean" || t === "null") return { type: t };
  if (!ArrayIsArray(t) || t.length === 0) return {};
  const kind = t[0];
  if (kind === "const" && t.length === 2 && (typeof t[1] === "string" || typeof t[1] === "boolean")) return { const: t[1] };
  if (kind === "union") {
    const anyOf: object[] = [];
    for (let i = 1; i < t.length; i++) {
      const member = schemaOfType(t[i], depth + 1);
      if (ObjectKeys(member).length === 0) return {};
      defineOwn(anyOf, anyOf.length, member);
    }
    return { anyOf };
  }
  if (kind === "array" && t.length === 2) {
    const items = schemaOfType(t[1], depth + 1);
    const sparse = {
      type: "object",
      additionalProperties: false,
      required: ["$array", "items"],
      properties: {
        $array: { type: "integer", minimum: 0 },
        // Index keys hold elements; any other key is an extra property, of no declared type.
        items: { type: "object", patternProperties: { "^(0|[1-9][0-9]*)$": items } },
      },
    };
    return { anyOf: [{ type: "array", items }, sparse, REF] };
  }
  if (kind === "object" && t.length === 4 && t[1] !== null && typeof t[1] === "object" && ArrayIsArray(t[2])) {
    const declared = t[1] as Record<string, unknown>;
    const optional = t[2] as readonly unknown[];
    const properties: Record<string, object> = {};
    const required: string[] = [];
    const keys = ObjectKeys(declared);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!ObjectHasOwn(declared, key)) continue;
      defineOwn(properties, key, schemaOfType(declared[key], depth + 1));
      let isOptional = false;
      for (let j = 0; j < optional.length; j++) if (optional[j] === key) isOptional = true;
      if (!isOptional) defineOwn(required, required.length, key);
    }
    // Extra properties are allowed (a value may have more than its type says), of the index signature's type if any.
    const inner = { type: "object", properties, required, additionalProperties: t[3] === 0 ? true : schemaOfType(t[3], depth + 1) };
    const plain = { ...inner, propertyNames: { not: { pattern: "^\\$" } } };
    return { anyOf: [plain, tagged("$object", inner), tagged("$nullProto", inner), REF] };
  }
  return {};
}

/** The whole schema: the five keys (six while delegating), this site and version, one branch per state. */
export function snapshotSchemaOf(site: string, version: string, states: readonly StateShape[], localTypes: readonly unknown[] | undefined): object {
  const branches: object[] = [];
  const names: string[] = [];
  for (let k = 0; k < states.length; k++) {
    const state = states[k];
    defineOwn(names, k, state.name);
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (let i = 0; i < state.stored.length; i++) {
      const { field, index } = state.stored[i];
      defineOwn(properties, field, localTypes && index < localTypes.length ? schemaOfType(localTypes[index]) : {});
      defineOwn(required, i, field);
    }
    const branch: Record<string, unknown> = {
      properties: {
        state: { const: state.name },
        locals: { type: "object", additionalProperties: false, required, properties },
      },
    };
    if (state.delegates) defineOwn(branch, "required", ["delegate"]);
    else defineOwn(branch, "not", { required: ["delegate"] });
    defineOwn(branches, k, branch);
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `snapshot of ${site}`,
    type: "object",
    additionalProperties: false,
    required: ["format", "site", "version", "state", "locals"],
    properties: {
      format: { const: SNAPSHOT_FORMAT },
      site: { const: site },
      version: { const: version },
      state: { enum: names },
      locals: { type: "object" },
      delegate: { $ref: "#/$defs/snapshot" },
    },
    oneOf: branches,
    $defs: definitions(),
  };
}
