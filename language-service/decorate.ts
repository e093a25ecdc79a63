/**
 * The tsserver plugin's decorator over TypeScript's LanguageService that adds stackless's diagnostics, quick fixes, the generator conversion,
 * hovers and inlay hints, all read from checkFile and analysis/services.
 *
 * A good tsserver citizen: it wraps a language service once; every hook computes TypeScript's
 * own answer first and adds to it under a guard, because a hook that throws makes tsserver drop
 * every semantic diagnostic of the file, TypeScript's included (an internal error is logged and
 * the unplugged answer returned); it uses the `typescript` tsserver passes to init; and a file
 * whose text never says "stackless" costs one substring search.
 */
import type * as TS from "typescript";
import { checkFile, stacklessDiagnostics } from "../analysis/check";
import { DIAGNOSTIC_CODES, DIAGNOSTICS, type FindingFix } from "../analysis/diagnostics";
import { isStacklessFalsePositive } from "../analysis/false-positives";
import {
  CANNOT_FIND_NAME_CODES,
  CONVERT_GENERATOR_REFACTOR,
  convertGeneratorEdits,
  findingFixesAt,
  generatorFunctionAt,
  hoverAt,
  missingImportFix,
  stateHints,
} from "../analysis/services";
import type { PluginOptions } from "./options";

/** Marks a language service this plugin made, so a project reload never wraps it twice. */
const WRAPPED = Symbol.for("stackless.language-service.wrapped");
/** Where a wrapped language service reads its options: the plugin module that wrapped it last. */
const OPTIONS = Symbol.for("stackless.language-service.options");
/** Marks a TypeScript instance whose code-fix registry already lists stackless's codes. */
const REGISTERED = Symbol.for("stackless.language-service.codes-registered");

/** The codes a rule may attach a fix to (the DIAGNOSTICS table says which). */
export const FIXABLE_CODES: readonly number[] = DIAGNOSTIC_CODES.filter((c) => DIAGNOSTICS[c].fixable);

interface CodeFixRegistry {
  codefix?: { registerCodeFix?(registration: { errorCodes: readonly number[]; getCodeActions(): readonly TS.CodeFixAction[] }): void };
}

/**
 * VS Code asks `getSupportedCodeFixes` once, without a file, and tsserver answers that from
 * TypeScript's global code-fix registry, never from a plugin: so the codes go in there too (as
 * a registration with no actions of its own; this plugin's getCodeFixesAtPosition adds them).
 */
export function registerFixableCodes(ts: typeof TS): void {
  const holder = ts as unknown as Record<symbol, boolean> & CodeFixRegistry;
  if (holder[REGISTERED]) return;
  const register = holder.codefix?.registerCodeFix;
  if (!register) return; // a TypeScript without the internal registry: only per-file requests list them
  register({ errorCodes: FIXABLE_CODES, getCodeActions: () => [] });
  Object.defineProperty(holder, REGISTERED, { value: true });
}

/** Whether a file may involve stackless at all: the near-zero-cost test every hook starts with. */
function mentionsStackless(file: TS.SourceFile | undefined): file is TS.SourceFile {
  return !!file && !file.isDeclarationFile && file.text.includes("stackless");
}

/** TypeScript's fixes (by fixName) for the codes that analysis/false-positives.ts leaves out. */
const FALSE_POSITIVE_FIXES: Readonly<Record<number, readonly string[]>> = { 7028: ["fixUnusedLabel"], 6133: ["unusedIdentifier"] };

/**
 * `own` without TypeScript's fixes for a TS7028 on a state label or a TS6133 on a future's context
 * at `start`, diagnostics the plugin leaves out: "Remove unused label" would rename the state (and
 * change the snapshot version), removing or renaming the context would break the future.
 */
function withoutFalsePositiveFixes(ts: typeof TS, file: TS.SourceFile, start: number, end: number, errorCodes: readonly number[], own: readonly TS.CodeFixAction[]): readonly TS.CodeFixAction[] {
  const asked = (code: number): TS.Diagnostic => ({ file, start, length: end - start, code, category: ts.DiagnosticCategory.Error, messageText: "" });
  const dropped = new Set(errorCodes.filter((code) => FALSE_POSITIVE_FIXES[code] && isStacklessFalsePositive(ts, asked(code))).flatMap((code) => FALSE_POSITIVE_FIXES[code]));
  return dropped.size ? own.filter((a) => !dropped.has(a.fixName)) : own;
}

function toCodeFixAction(fileName: string, fix: FindingFix): TS.CodeFixAction {
  return {
    fixName: fix.name,
    description: fix.description,
    changes: [{ fileName, textChanges: fix.edits.map((e) => ({ span: { start: e.start, length: e.length }, newText: e.newText })) }],
  };
}

function positionRange(positionOrRange: number | TS.TextRange): { start: number; end: number } {
  return typeof positionOrRange === "number" ? { start: positionOrRange, end: positionOrRange } : { start: positionOrRange.pos, end: positionOrRange.end };
}

/** The decorated language service: TypeScript's answers plus stackless's, each under a guard. */
export function decorate(ts: typeof TS, ls: TS.LanguageService, readOptions: () => PluginOptions, log: (message: string) => void): TS.LanguageService {
  // A project reload runs the plugin again over the service it already wrapped: keep the one
  // wrapper, and let it read the options of the module that tsserver now configures.
  const wrapped = ls as unknown as Record<symbol, unknown>;
  if (wrapped[WRAPPED]) {
    wrapped[OPTIONS] = readOptions;
    return ls;
  }
  const proxy: TS.LanguageService = Object.create(null);
  const holder = proxy as unknown as Record<symbol, () => PluginOptions>;
  holder[OPTIONS] = readOptions;
  const options = (): PluginOptions => holder[OPTIONS]();
  // Every member, own or inherited (a service another plugin wrapped may be a prototype chain).
  for (const name in ls) {
    const key = name as keyof TS.LanguageService;
    const member = ls[key];
    (proxy as unknown as Record<string, unknown>)[key] = typeof member === "function" ? (member as (...a: unknown[]) => unknown).bind(ls) : member;
  }
  Object.defineProperty(proxy, WRAPPED, { value: true });

  /** stackless's part of a hook; on an internal error, logged, the unplugged answer. */
  const guarded = <T>(hook: string, unplugged: T, add: () => T): T => {
    try {
      return add();
    } catch (e) {
      log(`stackless: ${hook} failed, returning TypeScript's answer alone: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return unplugged;
    }
  };
  const sourceFile = (fileName: string): TS.SourceFile | undefined => ls.getProgram()?.getSourceFile(fileName);
  const checkerFor = (): TS.TypeChecker | undefined => ls.getProgram()?.getTypeChecker();

  proxy.getSemanticDiagnostics = (fileName) => {
    const own = ls.getSemanticDiagnostics(fileName);
    return guarded("getSemanticDiagnostics", own, () => {
      const file = sourceFile(fileName);
      if (!mentionsStackless(file)) return own;
      return [
        ...own.filter((d) => !isStacklessFalsePositive(ts, d)),
        ...stacklessDiagnostics(ts, file, { checker: checkerFor(), suppression: options().suppression }),
      ];
    });
  };

  // Without allowUnusedLabels: false or noUnusedParameters TypeScript reports the same two as
  // suggestions, which VS Code shows by fading the label or parameter and offering to remove it.
  proxy.getSuggestionDiagnostics = (fileName) => {
    const own = ls.getSuggestionDiagnostics(fileName);
    return guarded("getSuggestionDiagnostics", own, () => (mentionsStackless(sourceFile(fileName)) ? own.filter((d) => !isStacklessFalsePositive(ts, d)) : own));
  };

  proxy.getSupportedCodeFixes = (fileName) => {
    const own = ls.getSupportedCodeFixes(fileName);
    return guarded("getSupportedCodeFixes", own, () => [...new Set([...own, ...FIXABLE_CODES.map(String)])]);
  };

  proxy.getCodeFixesAtPosition = (fileName, start, end, errorCodes, formatOptions, preferences) => {
    const own = ls.getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions, preferences);
    return guarded("getCodeFixesAtPosition", own, () => {
      const file = sourceFile(fileName);
      if (!file) return own;
      const kept = mentionsStackless(file) ? withoutFalsePositiveFixes(ts, file, start, end, errorCodes, own) : own;
      const fixes: FindingFix[] = [];
      if (mentionsStackless(file)) fixes.push(...findingFixesAt(checkFile(ts, file, { checker: checkerFor() }).findings, start, end, errorCodes));
      if (errorCodes.some((c) => CANNOT_FIND_NAME_CODES.includes(c))) {
        // TypeScript's own import fix already offers it when it can see the package: keep one.
        const offered = own.some((a) => a.description.includes('"stackless"'));
        const fix = offered ? undefined : missingImportFix(ts, file, start);
        if (fix) fixes.push(fix);
      }
      return fixes.length ? [...kept, ...fixes.map((f) => toCodeFixAction(fileName, f))] : kept;
    });
  };

  proxy.getApplicableRefactors = (fileName, positionOrRange, preferences, triggerReason, kind, includeInteractive) => {
    const own = ls.getApplicableRefactors(fileName, positionOrRange, preferences, triggerReason, kind, includeInteractive);
    return guarded("getApplicableRefactors", own, () => {
      if (kind && !CONVERT_GENERATOR_REFACTOR.kind.startsWith(kind)) return own;
      const file = sourceFile(fileName);
      const { start, end } = positionRange(positionOrRange);
      if (!file || file.isDeclarationFile || !file.text.includes("function") || !generatorFunctionAt(ts, file, start, end)) return own;
      const { name, description, kind: actionKind } = CONVERT_GENERATOR_REFACTOR;
      return [...own, { name, description, actions: [{ name, description, kind: actionKind }] }];
    });
  };

  proxy.getEditsForRefactor = (fileName, formatOptions, positionOrRange, refactorName, actionName, preferences, interactiveRefactorArguments) => {
    if (refactorName !== CONVERT_GENERATOR_REFACTOR.name) {
      return ls.getEditsForRefactor(fileName, formatOptions, positionOrRange, refactorName, actionName, preferences, interactiveRefactorArguments);
    }
    return guarded("getEditsForRefactor", undefined, () => {
      const file = sourceFile(fileName);
      const { start, end } = positionRange(positionOrRange);
      const fn = file && generatorFunctionAt(ts, file, start, end);
      if (!file || !fn) return undefined;
      const edits = convertGeneratorEdits(ts, file, fn);
      return { edits: [{ fileName, textChanges: edits.map((e) => ({ span: { start: e.start, length: e.length }, newText: e.newText })) }] };
    });
  };

  proxy.getQuickInfoAtPosition = (...args: Parameters<TS.LanguageService["getQuickInfoAtPosition"]>) => {
    const own = ls.getQuickInfoAtPosition(...args);
    const [fileName, position] = args;
    return guarded("getQuickInfoAtPosition", own, () => {
      const file = sourceFile(fileName);
      if (!mentionsStackless(file)) return own;
      const hover = hoverAt(checkFile(ts, file, { checker: checkerFor() }).analysis, position);
      if (!hover) return own;
      const text: TS.SymbolDisplayPart = { kind: "text", text: hover.markdown };
      if (!own) return { kind: ts.ScriptElementKind.unknown, kindModifiers: "", textSpan: { start: hover.start, length: hover.length }, documentation: [text] };
      const separator: TS.SymbolDisplayPart[] = own.documentation?.length ? [{ kind: "lineBreak", text: "\n\n" }] : [];
      return { ...own, documentation: [...(own.documentation ?? []), ...separator, text] };
    });
  };

  proxy.provideInlayHints = (fileName, span, preferences) => {
    const own = ls.provideInlayHints(fileName, span, preferences);
    return guarded("provideInlayHints", own, () => {
      if (!options().inlayHints) return own;
      const file = sourceFile(fileName);
      if (!mentionsStackless(file)) return own;
      const hints = stateHints(ts, checkFile(ts, file, { checker: checkerFor() }).analysis, span.start, span.start + span.length);
      if (!hints.length) return own;
      const ours = hints.map((h): TS.InlayHint => ({ text: h.text, position: h.position, kind: ts.InlayHintKind.Enum, whitespaceAfter: true }));
      return [...own, ...ours].sort((a, b) => a.position - b.position);
    });
  };

  return proxy;
}
