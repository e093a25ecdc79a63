/**
 * Transform time as a body grows: a growth curve of two shapes, to catch a pass that is
 * quadratic in the body's size (issue 16: 500 nested try/finally blocks once took 27 s).
 *
 *   flat   n lines of `let vK = i + K;` + `if (vK % 3 === 0) s += yield_(vK);` in one body
 *   nested n try/finally blocks inside each other, a yield_ in each try
 *
 * Each size is transformed in this process (after a warm-up of a small body, so start-up and
 * V8's first compilations are not counted), best of a few runs, through `transformSource`: the
 * analysis, the backend and TypeScript's printing of the module. The largest flat body is also
 * lowered by TypeScript alone at `target: ES5` as a `function*`, the yardstick the issue names.
 * Usage: `node dist/bench/growth.js` (npm run bench includes it unless `--no-growth`).
 */
import * as ts from "typescript";
import { transformSource } from "../transformer";

export const FLAT_SIZES = [1_000, 2_500, 5_000, 8_000, 20_000] as const;
export const NESTED_SIZES = [25, 50, 100, 200, 400] as const;

/** A body of `lines` statement lines (half declarations, half conditional suspensions). */
export function flatBody(lines: number, generator = false): string {
  const out: string[] = [];
  const y = generator ? "yield" : "yield_";
  for (let i = 0; i < lines / 2; i++) out.push(`  let v${i} = i + ${i};`, `  if (v${i} % 3 === 0) s += ${y}(v${i});`);
  const head = generator ? "export function* c(i: number): Generator<number, number, number> {" : "export const c = coroutine((i: number) => {";
  const tail = generator ? "}" : "});";
  return `${generator ? "" : 'import { coroutine, yield_ } from "stackless";\n'}${head}\n  let s = 0;\n${out.join("\n")}\n  return s;\n${tail}\n`;
}

/** `depth` try/finally blocks nested in one body. */
export function nestedBody(depth: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += `  try { s += yield_(${i});\n`;
    close = `  } finally { s += ${i}; }\n` + close;
  }
  return `import { coroutine, yield_ } from "stackless";\nexport const c = coroutine((i: number) => {\n  let s = 0;\n${open}${close}  return s;\n});\n`;
}

function bestMs(run: () => void, runs: number): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

function transformMs(code: string, runs: number): number {
  return bestMs(() => {
    const r = transformSource(code, { fileName: "body.ts", compilerOptions: { sourceMap: false } });
    if (r.diagnostics.length) throw new Error(`growth bench: the body did not compile: ${r.diagnostics.map((d) => d.code).join(", ")}`);
  }, runs);
}

function es5Ms(code: string, runs: number): number {
  return bestMs(() => ts.transpileModule(code, { fileName: "body.ts", compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, sourceMap: false } }), runs);
}

export interface GrowthResult {
  flat: { size: number; ms: number }[];
  nested: { size: number; ms: number }[];
  /** TypeScript's ES5 lowering of the largest flat body, as a `function*`. */
  es5LargestMs: number;
}

export function measureGrowth(runs = 3): GrowthResult {
  transformMs(flatBody(200), 3);
  transformMs(nestedBody(10), 3);
  es5Ms(flatBody(200, true), 3);
  const flat = FLAT_SIZES.map((size) => ({ size, ms: transformMs(flatBody(size), size >= 20_000 ? Math.min(runs, 2) : runs) }));
  const nested = NESTED_SIZES.map((size) => ({ size, ms: transformMs(nestedBody(size), runs) }));
  const es5LargestMs = es5Ms(flatBody(FLAT_SIZES[FLAT_SIZES.length - 1], true), Math.min(runs, 2));
  return { flat, nested, es5LargestMs };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export function formatGrowth(g: GrowthResult): string {
  const ms = (rows: { size: number; ms: number }[], size: number) => rows.find((r) => r.size === size)!.ms;
  const lines = [
    "| shape | size | transform ms | × time per × size |",
    "| --- | ---: | ---: | --- |",
    ...g.flat.map((r, i) => `| flat body (lines) | ${r.size} | ${fmt(r.ms)} | ${i ? `×${(r.ms / g.flat[i - 1].ms).toFixed(2)} for ×${(r.size / g.flat[i - 1].size).toFixed(1)}` : ""} |`),
    ...g.nested.map((r, i) => `| nested try/finally (depth) | ${r.size} | ${fmt(r.ms)} | ${i ? `×${(r.ms / g.nested[i - 1].ms).toFixed(2)} for ×${(r.size / g.nested[i - 1].size).toFixed(1)}` : ""} |`),
  ];
  const largest = g.flat[g.flat.length - 1];
  lines.push(
    "",
    `Targets (issue 16): ×8 lines ≤ ×12 time: 1,000 → 8,000 lines ×${(ms(g.flat, 8_000) / ms(g.flat, 1_000)).toFixed(2)}; ` +
      `×4 try/finally depth ≤ ×6 time: 50 → 200 ×${(ms(g.nested, 200) / ms(g.nested, 50)).toFixed(2)}, 100 → 400 ×${(ms(g.nested, 400) / ms(g.nested, 100)).toFixed(2)}; ` +
      `the ${largest.size}-line body within 2× of TypeScript's ES5 lowering of it as a function* (${fmt(g.es5LargestMs)} ms): ×${(largest.ms / g.es5LargestMs).toFixed(2)}.`,
  );
  return lines.join("\n");
}

if (require.main === module) console.log(formatGrowth(measureGrowth()));
