/**
 * Every code block of README.md and docs/*.md (pages found when the test runs, so new pages are
 * covered as they are added) does what the docs' convention says: ```ts blocks type-check under
 * `strict` against the shipped declarations (one real tsc run for all of them), compile with
 * `transformSource`, run, and print what their `console.log(expr); // text` comments say;
 * `no-run` blocks are not run; `fails=CODE` blocks must fail with that code.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as util from "util";
import * as ts from "typescript";
import { stacklessDiagnostics } from "../../analysis/check";
import { transformSource } from "../../transformer";
import { runTsc, typescriptVersion } from "../support/tsc";
import { DocBlock, extractBlocks, instrumentPrints, isTypeScript, normalizePrinted, printChecks } from "./blocks";

const repoRoot = path.resolve(__dirname, "../../..");
const nodeRequire = require;

/** README.md and every docs/*.md, as paths relative to the repository. */
function docPages(): string[] {
  const docs = fs
    .readdirSync(path.join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

/** The file a block is type-checked as: inside this package, so `"stackless"` resolves to dist. */
function blockFileName(block: DocBlock): string {
  return `${block.file.replace(/\.md$/, "").replace(/[^A-Za-z0-9]+/g, "-")}-${block.line}.ts`;
}

interface TscError {
  line: number;
  code: string;
  message: string;
}

/** tsc's `file(line,col): error TSnnnn: message` lines by file ("" for errors without one). */
function parseTscOutput(output: string): Map<string, TscError[]> {
  const byFile = new Map<string, TscError[]>();
  for (const text of output.split("\n")) {
    const m = /^(?:(.*)\((\d+),\d+\): )?error (TS\d+): (.*)$/.exec(text);
    if (!m) continue;
    const file = m[1] === undefined ? "" : path.resolve(m[1]);
    byFile.set(file, [...(byFile.get(file) ?? []), { line: Number(m[2] ?? 0), code: m[3], message: m[4] }]);
  }
  return byFile;
}

/**
 * stackless's errors with the program's checker, for the `fails=7000N` blocks: `transformSource`
 * has no program, and the type rules (70004) need one. Parent pointers on (the second argument
 * of createCompilerHost), as a build's source files have them, for the rules' node walks.
 */
function checkedStacklessErrors(files: readonly string[], options: object, dir: string): Map<string, string[]> {
  const { options: parsed, errors } = ts.convertCompilerOptionsFromJson(options, dir);
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, "\n"));
  const program = ts.createProgram(files, parsed, ts.createCompilerHost(parsed, true));
  const checker = program.getTypeChecker();
  const byFile = new Map<string, string[]>();
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) throw new Error(`no source file for ${file}`);
    const found = stacklessDiagnostics(ts, sourceFile, { checker }).filter((d) => d.category === ts.DiagnosticCategory.Error);
    byFile.set(path.resolve(file), found.map((d) => String(d.code)));
  }
  return byFile;
}

/** Run compiled CommonJS text with `console` and `__docLog` recording what it prints. */
function runBlock(output: string, fileName: string): Map<number, string[]> {
  const printed = new Map<number, string[]>();
  const record = (line: number, args: unknown[]) => printed.set(line, [...(printed.get(line) ?? []), util.format(...args)]);
  const quietConsole = { ...console, log: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const requireForBlock = (id: string) =>
    id === "stackless"
      ? nodeRequire(path.join(repoRoot, "dist/runtime/index.js"))
      : id === "stackless/transformer"
        ? nodeRequire(path.join(repoRoot, "dist/transformer/index.js"))
        : nodeRequire(id);
  const module = { exports: {} };
  const run = new Function("exports", "require", "module", "__filename", "__dirname", "console", "__docLog", output);
  run(module.exports, requireForBlock, module, fileName, repoRoot, quietConsole, (line: number, ...args: unknown[]) => record(line, args));
  return printed;
}

const pages = docPages();
const blocks = pages.flatMap((page) => extractBlocks(fs.readFileSync(path.join(repoRoot, page), "utf8"), page)).filter(isTypeScript);

describe("docs: every ts code block of README.md and docs/*.md", () => {
  const scratch = path.join(__dirname, `blocks-${process.pid}`);
  let errorsByFile = new Map<string, TscError[]>();
  let tscOutput = "";
  let checkedErrorsByFile = new Map<string, string[]>();

  // The README's setup: what a user's strict project compiles the examples with.
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: "es2022",
    lib: ["es2022", "esnext.disposable"],
    module: "node16",
    moduleResolution: "node16",
    moduleDetection: "force",
    types: ["node"],
  };
  const blockFile = (block: DocBlock) => path.join(scratch, blockFileName(block));

  before(function () {
    this.timeout(180_000);
    fs.mkdirSync(scratch, { recursive: true });
    for (const block of blocks) fs.writeFileSync(blockFile(block), block.code);
    const r = runTsc("typescript", blocks.map(blockFile), compilerOptions, scratch);
    tscOutput = r.output;
    errorsByFile = parseTscOutput(r.output);
    const stacklessFailing = blocks.filter((b) => b.fails && /^\d+$/.test(b.fails)).map(blockFile);
    checkedErrorsByFile = checkedStacklessErrors(stacklessFailing, compilerOptions, scratch);
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("finds README.md, the docs pages and their ts blocks", () => {
    expect(pages).to.include.members(["README.md", "docs/markers.md", "docs/semantics.md"]);
    expect(blocks.length).to.be.greaterThan(30);
  });

  it("type-checks the blocks without errors outside them (the shipped declarations, lib files)", () => {
    const outside = [...errorsByFile.keys()].filter((f) => path.dirname(f) !== scratch);
    expect(outside, tscOutput).to.deep.equal([]);
  });

  // SPEC's floor and the last 5.x: the examples that must pass type-check there too.
  for (const pkg of ["typescript5", "typescript55"] as const) {
    it(`type-checks the blocks that must pass with ${pkg} (${typescriptVersion(pkg)}) too`, function () {
      this.timeout(120_000);
      const passing = blocks.filter((b) => !b.fails).map(blockFile);
      const r = runTsc(pkg, passing, compilerOptions, scratch);
      expect(r.output).to.equal("");
      expect(r.exitCode).to.equal(0);
    });
  }

  for (const block of blocks) {
    const what = block.fails
      ? `fails with ${block.fails}`
      : block.warns
        ? `type-checks and compiles with warning ${block.warns}`
        : block.noRun
        ? "type-checks and compiles (no-run)"
        : "type-checks, compiles, runs and prints what its comments say";
    it(`${block.file}:${block.line} ${what}`, () => {
      expect(block.unknownFlags, "unknown words in the fence's info string").to.deep.equal([]);
      const fileName = blockFileName(block);
      const typeErrors = errorsByFile.get(path.join(scratch, fileName)) ?? [];
      const checks = printChecks(block.code);
      const compiled = transformSource(instrumentPrints(block.code, checks), { fileName });
      const stacklessErrors = compiled.diagnostics.filter((d) => d.category === 1 /* Error */);
      const checkedErrors = checkedErrorsByFile.get(path.join(scratch, fileName)) ?? [];
      const errorCodes = [...typeErrors.map((e) => e.code), ...stacklessErrors.map((d) => String(d.code)), ...checkedErrors];
      if (block.fails) {
        expect(errorCodes, `the block must fail with ${block.fails}`).to.include(block.fails);
        return;
      }
      if (block.warns) {
        const warnings = compiled.diagnostics.filter((d) => d.source === "stackless" && d.category === 0 /* Warning */).map((d) => String(d.code));
        expect(warnings, `the block must show warning ${block.warns}`).to.include(block.warns);
      }
      const where = (line: number) => `${block.file}:${block.line + line - 1}`;
      expect(typeErrors.map((e) => `${where(e.line)}: ${e.code} ${e.message}`), "tsc --strict").to.deep.equal([]);
      expect(
        stacklessErrors.map((d) => `${d.code} ${typeof d.messageText === "string" ? d.messageText : d.messageText.messageText}`),
        "the transformer",
      ).to.deep.equal([]);
      if (block.noRun || block.warns) return;
      const printed = runBlock(compiled.outputText, fileName);
      const seen = checks.map((c) => ({ line: where(c.line), printed: (printed.get(c.line) ?? []).map(normalizePrinted) }));
      expect(seen).to.deep.equal(checks.map((c) => ({ line: where(c.line), printed: [c.expected] })));
    });
  }
});
