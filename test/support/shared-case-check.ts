/**
 * For tests and the fuzzer: a check that every two cases of resume the compiler shares
 * (`case 2: case 4: …`, equal code signatures) really print the same code, comments aside. It
 * wraps the exports of the compiled signature module (the backend reads them at each call), so
 * production code carries no hook for it.
 */
import type * as TS from "typescript";
import * as signature from "../../transformer/compiler/signature";

type SignatureModule = typeof signature;

const made = new WeakMap<signature.CodeSignature, { ts: typeof TS; statements: readonly TS.Statement[] }>();
let original: Pick<SignatureModule, "codeSignature" | "sameSignature"> | undefined;

/** How many pairs of shared cases the check has compared since it was turned on. */
export let sharedCasesChecked = 0;

/** Throws when two pieces of code print differently (comments aside). */
export function expectPrintsAlike(ts: typeof TS, a: readonly TS.Statement[], b: readonly TS.Statement[], sourceFile: TS.SourceFile): void {
  const printer = ts.createPrinter({ removeComments: true });
  const print = (body: readonly TS.Statement[]) => printer.printNode(ts.EmitHint.Unspecified, ts.factory.createBlock(body, true), sourceFile);
  const [x, y] = [print(a), print(b)];
  if (x !== y) throw new Error(`stackless internal error: cases with the same signature print differently:\n${x}\n---\n${y}`);
}

/** The source file the original nodes of `statements` come from (printing reads their text). */
function sourceFileOf(ts: typeof TS, statements: readonly TS.Statement[]): TS.SourceFile {
  let found: TS.SourceFile | undefined;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (n.pos >= 0 && n.parent) found = n.getSourceFile();
    else ts.forEachChild(n, visit);
  };
  statements.forEach(visit);
  return found ?? ts.createSourceFile("case.ts", "", ts.ScriptTarget.ES2022);
}

/** Turn the check on (every shared pair is printed and compared, an error if they differ) or off. */
export function checkSharedCases(on: boolean): void {
  // Not named `exports`: that would shadow this module's own (sharedCasesChecked lives there).
  const signatureExports = signature as { -readonly [K in keyof SignatureModule]: SignatureModule[K] };
  if (on && !original) {
    original = { codeSignature: signatureExports.codeSignature, sameSignature: signatureExports.sameSignature };
    const { codeSignature, sameSignature } = original;
    sharedCasesChecked = 0;
    signatureExports.codeSignature = (ts, statements, texts) => {
      const sig = codeSignature(ts, statements, texts);
      if (sig) made.set(sig, { ts, statements });
      return sig;
    };
    signatureExports.sameSignature = (a, b) => {
      const same = sameSignature(a, b);
      const [x, y] = [made.get(a), made.get(b)];
      if (same && x && y) {
        expectPrintsAlike(x.ts, x.statements, y.statements, sourceFileOf(x.ts, [...x.statements, ...y.statements]));
        sharedCasesChecked++;
      }
      return same;
    };
  } else if (!on && original) {
    signatureExports.codeSignature = original.codeSignature;
    signatureExports.sameSignature = original.sameSignature;
    original = undefined;
  }
}

/** Whether the check is on. */
export function sharedCaseCheckOn(): boolean {
  return original !== undefined;
}
