/**
 * The diagnostic rules that read a whole file's analysis (and the checker, when there is one):
 * one file per diagnostic beside this one, free of editor APIs, because the build (`tspc`),
 * `stackless check`, the tsserver plugin and `stackless lsp` all run them through checkFile.
 *
 * Findings the analysis itself collects (70003 while finding sites, 70007 while lowering, 70008
 * while naming states) are not rules: checkFile adds them from the FileAnalysis.
 */
import type * as TS from "typescript";
import type { FileAnalysis } from "../analyze";
import type { Finding } from "../diagnostics";
import { typeMismatch } from "./type-mismatch";
import { untypedInput } from "./untyped-input";
import { resumedAfterDone } from "./resumed-after-done";
import { ignoredFirstInput } from "./ignored-first-input";
import { endReachable } from "./end-reachable";
import { neverUsed } from "./never-used";

/** What a rule reads: the file's one analysis, and the checker where the host has a program. */
export interface RuleContext {
  readonly ts: typeof TS;
  readonly analysis: FileAnalysis;
  readonly checker: TS.TypeChecker | undefined;
}

/** A rule: pure over its context, returns its findings (never throws on user code). */
export type Rule = (context: RuleContext) => readonly Finding[];

/** Every rule, in code order. Add a rule here and a row in DIAGNOSTICS. */
export const RULES: readonly Rule[] = [resumedAfterDone, ignoredFirstInput, typeMismatch, endReachable, neverUsed, untypedInput];
