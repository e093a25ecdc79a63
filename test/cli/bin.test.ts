/**
 * The `stackless` bin as a process: a reader that closes the pipe early (`stackless … | head`)
 * ends the command quietly instead of crashing it with an unhandled EPIPE.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(REPO, "dist", "cli", "index.js");

describe("stackless bin", () => {
  it("exits quietly when its stdout is closed before it writes (stackless … | head)", async () => {
    const child = spawn(process.execPath, [BIN, "transform", path.join(REPO, "samples", "tokenizer.ts"), "--js"], { cwd: REPO });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).to.not.match(/EPIPE|Unhandled/);
    expect(code).to.equal(0);
  });
});
