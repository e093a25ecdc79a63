/**
 * How a file names stackless's exports, and the edit that imports more of them: the one place
 * the missing-import fix and the generator conversion decide where an import goes.
 */
import type * as TS from "typescript";
import type { FixEdit } from "../diagnostics";
import { MODULE_NAME } from "../markers";

/** The value exports a user writes in bodies: what "add the missing stackless import" offers. */
export const MARKER_EXPORTS: readonly string[] = Object.freeze(["coroutine", "generator", "future", "yield_", "await_"]);

/** The expressions a file can use for stackless exports, and the edits that make them usable. */
export interface ImportPlan {
  /** The expression to write for each requested export (`generator`, `S.generator`, …). */
  readonly names: ReadonlyMap<string, string>;
  /** Edits that add the missing import specifiers (none when all are already imported). */
  readonly edits: readonly FixEdit[];
}

function stacklessImports(ts: typeof TS, file: TS.SourceFile): TS.ImportDeclaration[] {
  return file.statements.filter(
    (s): s is TS.ImportDeclaration =>
      ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === MODULE_NAME && !s.importClause?.isTypeOnly,
  );
}

/**
 * How `file` can name each of `exports`: through an existing named or namespace import, or
 * through specifiers added to the first named import from "stackless" (else a new import line
 * after the file's last import). `namedOnly`: the code already says the bare name, so a namespace
 * import does not count.
 */
export function planImports(ts: typeof TS, file: TS.SourceFile, exports: readonly string[], options: { namedOnly?: boolean } = {}): ImportPlan {
  const names = new Map<string, string>();
  const missing: string[] = [];
  const declarations = stacklessImports(ts, file);
  let namedImports: TS.NamedImports | undefined;
  for (const name of exports) {
    let found: string | undefined;
    for (const d of declarations) {
      const bindings = d.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && !options.namedOnly) found ??= `${bindings.name.text}.${name}`;
      if (bindings && ts.isNamedImports(bindings)) {
        namedImports ??= bindings;
        const spec = bindings.elements.find((e) => !e.isTypeOnly && (e.propertyName ?? e.name).text === name);
        if (spec) found = spec.name.text;
      }
    }
    if (found) names.set(name, found);
    else {
      names.set(name, name);
      missing.push(name);
    }
  }
  if (missing.length === 0) return { names, edits: [] };
  if (namedImports) {
    const last = namedImports.elements[namedImports.elements.length - 1];
    const edit = last
      ? { start: last.getEnd(), length: 0, newText: missing.map((m) => `, ${m}`).join("") }
      : { start: namedImports.getStart(file) + 1, length: 0, newText: ` ${missing.join(", ")} ` };
    return { names, edits: [edit] };
  }
  return { names, edits: [newImportLine(ts, file, missing)] };
}

/** `import { a, b } from "stackless";` after the last import (or at the top of the file). */
function newImportLine(ts: typeof TS, file: TS.SourceFile, names: readonly string[]): FixEdit {
  const text = `import { ${names.join(", ")} } from "${MODULE_NAME}";`;
  const imports = file.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  const last = imports[imports.length - 1];
  if (last) return { start: last.getEnd(), length: 0, newText: `\n${text}` };
  // Above the first statement, after any leading comments that belong to the file (a header).
  const first = file.statements[0];
  const start = first ? first.getStart(file) : file.text.length;
  return { start, length: 0, newText: `${text}\n${first ? "\n" : ""}` };
}
