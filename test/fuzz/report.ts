/** Human-readable reports of fuzz failures. */
import type { Program } from "./ast";
import { featureList, programSize, renderModule } from "./ast";
import type { StepRec, Trace, Verdict } from "./oracle";
import { showOp } from "./oracle";

function stepLine(s: StepRec | undefined): string {
  if (!s) return "(no step)";
  const note = s.note ? `   (${s.note})` : "";
  const name = s.name !== undefined && s.name !== s.state ? ` ${s.name}` : "";
  const realm = s.realm !== undefined ? ` | called ${s.realm || "nothing patched"}` : "";
  return `${s.outcome} | log ${JSON.stringify(s.log)} | done ${s.done} | ${s.state}${name}${realm}${note}`;
}

/** Both traces, step by step; differing steps on two lines, with the first difference marked. */
export function formatTraces(native: Trace, candidate: Trace | undefined, candName: string, diffIndex?: number): string {
  const out: string[] = [];
  const cand = candidate ?? { steps: [] };
  const n = Math.max(native.steps.length, cand.steps.length);
  const w = Math.max(9, candName.length);
  for (let i = 0; i < n; i++) {
    const a = native.steps[i];
    const b = cand.steps[i];
    const op = (a ?? b)!.op;
    const la = stepLine(a);
    const lb = stepLine(b);
    const mark = i === diffIndex ? ">>" : "  ";
    if (candidate && la === lb) {
      out.push(`${mark} ${String(i).padStart(2)} ${op.padEnd(22)} ${la}`);
    } else {
      out.push(`${mark} ${String(i).padStart(2)} ${op}`);
      out.push(`        ${"native".padEnd(w)} : ${la}`);
      if (candidate) out.push(`        ${candName.padEnd(w)} : ${lb}`);
    }
  }
  if (native.error) out.push(`   native run error: ${native.error}`);
  if (candidate?.error) out.push(`   ${candName} run error: ${candidate.error}`);
  return out.join("\n");
}

export function formatDrive(p: Program): string {
  const c = p.drive.clone;
  const clone = c
    ? `\nclone: before op ${c.at} (0-based; if not done by then); then the original (A) and the clone (B) each run the rest, ` +
      (c.order === "alt" ? "alternately" : c.order === "orig" ? "A first" : "B first")
    : "";
  return `ops:  ${p.drive.ops.map(showOp).join(", ") || "(none)"}\npost: ${p.drive.post.map(showOp).join(", ") || "(none)"} (run once the instance is done)${clone}`;
}

export function replayCommand(p: Program): string {
  return `npm run fuzz -- --seed ${p.seed} --count 1 --features ${featureList(p.features)}`;
}

/** Drop TypeScript's CommonJS interop helpers (__importStar & co.) from the top of an output. */
export function trimHelpers(output: string): string {
  const marker = 'Object.defineProperty(exports, "__esModule"';
  const at = output.indexOf(marker);
  const helpers = output.indexOf("var __");
  if (at < 0 || helpers < 0 || helpers > at) return output;
  return output.slice(0, helpers) + "/* … TypeScript's module interop helpers … */\n" + output.slice(at);
}

/** The full report for one failing program. */
export function formatFailure(p: Program, v: Verdict, implName: string, opts: { output?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`kind: ${v.kind}${v.message ? ` — ${v.message}` : ""}`);
  if (v.diff) out.push(`first difference: step ${v.diff.index}, ${v.diff.field}: expected ${v.diff.expected}, got ${v.diff.actual}`);
  out.push(`size: ${programSize(p)}`);
  out.push("", "--- stackless form (what the transformer compiles) ---", renderModule(p, "stackless").trimEnd());
  out.push("", "--- native form (the reference) ---", v.nativeSource.trimEnd());
  if (v.source && v.source !== v.nativeSource && v.source !== renderModule(p, "stackless")) {
    out.push("", `--- ${implName} source ---`, v.source.trimEnd());
  }
  out.push("", "--- drive ---", formatDrive(p));
  out.push("", `--- traces (native | ${implName}) ---`, formatTraces(v.native, v.candidate, implName, v.diff?.index));
  if ((opts.output ?? true) && v.output) out.push("", `--- ${implName} output ---`, trimHelpers(v.output).trimEnd());
  return out.join("\n");
}
