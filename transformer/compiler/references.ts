/**
 * What an identifier of a lowered body refers to, for the backend's passes: its binding (the
 * lowering's own identifiers, the binder's, and those the compiler made for nested sites' class
 * arguments) and where that binding's value lives (a boxed per-iteration binding lives in its
 * environment object).
 */
import type * as TS from "typescript";
import type { Binding, BindResult } from "../../analysis/scopes";
import type { LoweredBody } from "../../analysis/lower";
import type { Capture } from "../../analysis/captures";
import type { StoragePlan } from "./storage";

export interface References {
  /** The binding identifier `id` refers to, if any. */
  resolve(id: TS.Identifier): Binding | undefined;
  /** The binding whose storage holds `id`'s value: its environment's for a boxed binding. */
  storage(id: TS.Identifier): Binding | undefined;
}

export function referencesOf(bind: BindResult, exploded: LoweredBody, madeRefs: ReadonlyMap<TS.Identifier, Binding>): References {
  const resolve = (id: TS.Identifier): Binding | undefined => exploded.refs.get(id) ?? bind.refs.get(id) ?? madeRefs.get(id);
  const storage = (id: TS.Identifier): Binding | undefined => {
    const b = resolve(id);
    return b && (exploded.boxed.get(b) ?? b);
  };
  return { resolve, storage };
}

/** Whether the rewrite replaces references to `b` (the input, a machine variable with storage, a capture). */
export function hasReference(b: Binding, exploded: LoweredBody, plan: StoragePlan, captures: readonly Capture[]): boolean {
  if (b === exploded.input || exploded.boxed.has(b)) return true;
  if (plan.fieldOf.has(b) || plan.localOf.has(b) || plan.captureField.has(b)) return true;
  return plan.accessorField !== undefined && captures.some((c) => c.binding === b);
}
