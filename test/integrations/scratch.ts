/**
 * Scratch projects for the integration tests: a folder under the temp directory with the given
 * files, whose node_modules links `stackless` to this repository and each named tool to this
 * repository's install, and a way to run real commands in it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "../../..");
export const NODE_MODULES = path.join(REPO, "node_modules");

export function scratch(name: string, files: Record<string, string>, tools: readonly string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stackless-${name}-`));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(REPO, path.join(modules, "stackless"), "dir");
  for (const tool of tools) {
    fs.mkdirSync(path.dirname(path.join(modules, tool)), { recursive: true });
    fs.symlinkSync(path.join(NODE_MODULES, tool), path.join(modules, tool), "dir");
  }
  return dir;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Ran {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env }, timeout: 240_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A tool's bin script from this repository's install, run with this Node. */
export function runBin(pkg: string, bin: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Ran {
  return run(process.execPath, [path.join(NODE_MODULES, pkg, bin), ...args], cwd, env);
}

/** The summer of the README, as a module, and a main that prints what it returns. */
export const SUMMER_TS = `import { coroutine, yield_ } from "stackless";

export const summer = coroutine((first: number) => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
`;

/** A body the transformer cannot compile (70007): a \`with\` statement. */
export const UNSUPPORTED_TS = `import { coroutine, yield_ } from "stackless";

export const broken = coroutine(() => {
  with ({}) { yield_(1); }
});
`;
