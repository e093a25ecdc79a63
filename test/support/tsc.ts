/**
 * Run a real `tsc` (one of the TypeScript versions installed as dev dependencies) on files, with
 * compiler options given as a tsconfig written to a scratch folder. Used by the declaration and
 * doc-block tests, which need the compiler's own verdict, not the API's.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The TypeScript packages the tests compile with: 6.0 (development), 5.9 and 5.5 (SPEC's floor). */
export const TYPESCRIPTS = ["typescript", "typescript5", "typescript55"] as const;
export type TypeScriptPackage = (typeof TYPESCRIPTS)[number];

export interface TscResult {
  exitCode: number | null;
  /** tsc's report, one diagnostic per line (`file(line,col): error TSnnnn: …`). */
  output: string;
}

/** The installed version of a TypeScript package, e.g. "5.5.4". */
export function typescriptVersion(pkg: TypeScriptPackage): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

/**
 * `tsc -p <scratch tsconfig>` with `compilerOptions`, over absolute `files`. The tsconfig is
 * written to a fresh folder under `configParent` (default: the system's temporary folder);
 * `types` are looked up from there, so pass a folder inside the project when they are needed.
 */
export function runTsc(
  pkg: TypeScriptPackage,
  files: readonly string[],
  compilerOptions: Record<string, unknown>,
  configParent: string = os.tmpdir(),
): TscResult {
  const dir = fs.mkdtempSync(path.join(configParent, "stackless-tsc-"));
  try {
    const config = path.join(dir, "tsconfig.json");
    fs.writeFileSync(config, JSON.stringify({ compilerOptions, files }, null, 2));
    const tsc = require.resolve(`${pkg}/bin/tsc`);
    const r = spawnSync(process.execPath, [tsc, "-p", config, "--pretty", "false"], { encoding: "utf8" });
    if (r.error) throw r.error;
    return { exitCode: r.status, output: (r.stdout + r.stderr).trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
