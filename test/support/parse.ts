import * as ts from "typescript";

export function parse(code: string, fileName = "unit.ts"): ts.SourceFile {
  return ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** The n-th identifier (0-based) in the file whose text is `name`. */
export function identifier(file: ts.SourceFile, name: string, n = 0): ts.Identifier {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!found[n]) throw new Error(`no identifier #${n} named ${name}`);
  return found[n];
}
