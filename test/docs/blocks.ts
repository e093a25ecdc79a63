/**
 * The code blocks of a Markdown page, with what the docs' convention says to do with each:
 * ```ts blocks are type-checked, compiled and run; `no-run` ones are only type-checked and
 * compiled; `fails=70007` / `fails=TS2345` ones must fail with that code; `warns=70006` ones
 * must type-check and get that stackless warning (and no error); other languages are not tested. A `console.log(expr); // text` line states what it prints.
 */

export interface DocBlock {
  /** The page, as given (e.g. "docs/markers.md"). */
  file: string;
  /** 1-based line of the page holding the block's first line of code. */
  line: number;
  /** The info string's first word: "ts", "json", "" for a bare fence. */
  lang: string;
  /** The code, without the fence's indentation. */
  code: string;
  /** `no-run`: type-check and compile only. */
  noRun: boolean;
  /** `fails=CODE`: "70007" (stackless) or "TS2345" (TypeScript); undefined when it must pass. */
  fails?: string;
  /** `warns=CODE`: a stackless warning the block shows on purpose (it still type-checks, without errors). */
  warns?: string;
  /** Info-string words that mean nothing here (a typo must not silently skip a check). */
  unknownFlags: string[];
}

/** A line that states its output: its 1-based line in the block, and the text after `// `. */
export interface PrintCheck {
  line: number;
  expected: string;
}

const OPENING = /^(\s*)```(\S*)(.*)$/;
const CLOSING = /^\s*```\s*$/;

/** Every fenced block of `markdown`, in order. */
export function extractBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i]);
    if (!open) continue;
    const [, indent, lang, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !CLOSING.test(lines[j])) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
      j++;
    }
    blocks.push({ file, line: i + 2, lang, code: body.join("\n") + "\n", ...parseFlags(rest) });
    i = j;
  }
  return blocks;
}

function parseFlags(info: string): Pick<DocBlock, "noRun" | "fails" | "warns" | "unknownFlags"> {
  let noRun = false;
  let fails: string | undefined;
  let warns: string | undefined;
  const unknownFlags: string[] = [];
  for (const word of info.trim().split(/\s+/).filter(Boolean)) {
    const failing = /^fails=(\d+|TS\d+)$/.exec(word);
    const warning = /^warns=(\d+)$/.exec(word);
    if (word === "no-run") noRun = true;
    else if (failing) fails = failing[1];
    else if (warning) warns = warning[1];
    else unknownFlags.push(word);
  }
  return { noRun, fails, warns, unknownFlags };
}

/** Whether the docs' convention type-checks and compiles this block. */
export function isTypeScript(block: DocBlock): boolean {
  return block.lang === "ts" || block.lang === "typescript";
}

/**
 * The lines of `code` that state what they print: a `console.log(` call, then `// text` after
 * the statement's end (`;`, `)` or `}`), as in `console.log(c.resume(1)); // 2`.
 */
export function printChecks(code: string): PrintCheck[] {
  const checks: PrintCheck[] = [];
  code.split("\n").forEach((text, index) => {
    if (!text.includes("console.log(")) return;
    const comment = /[;)}]\s*\/\/ (.*)$/.exec(text);
    if (comment) checks.push({ line: index + 1, expected: comment[1].trim() });
  });
  return checks;
}

/**
 * `code` with each checked line's first `console.log(` replaced by `__docLog(<line>, `, so the
 * run records which line printed what. Only the text that is compiled and run is changed; the
 * type check sees the block as written.
 */
export function instrumentPrints(code: string, checks: readonly PrintCheck[]): string {
  const checked = new Set(checks.map((c) => c.line));
  return code
    .split("\n")
    .map((text, index) => (checked.has(index + 1) ? text.replace("console.log(", `__docLog(${index + 1}, `) : text))
    .join("\n");
}

/** Printed text as compared with a comment: whitespace runs (util.inspect's line breaks) as one space. */
export function normalizePrinted(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
