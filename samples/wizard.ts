/**
 * A sign-up form wizard that lives across three separate `node` processes, as it would across
 * three HTTP requests: each process reads the snapshot file the previous one wrote, restores a
 * fresh instance from it, resumes it with one answer, and writes the new snapshot back.
 *
 *   node samples/out/wizard.js <snapshot file> <answer>   one step (what each child process runs)
 *
 * Required by the samples runner, this module runs the whole dialogue: it starts the three steps
 * as child processes, one after the other, and prints what each one printed.
 */
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { coroutine, yield_, type Coroutine } from "stackless";
import { show } from "./show";

/** What the wizard answers: the next question, or the finished account. */
export type Reply = { ask: string } | { account: { name: string; email: string; plan: "free" | "pro" } };

/** The dialogue: a name, an e-mail address (asked again until it has an @), a plan. */
export function signup(): Coroutine<string, Reply> {
  return coroutine((first: string) => {
    // `String(yield_()).trim()`: the compiler keeps `String` across the suspension, and a
    // snapshot records how to read it again rather than refusing it (docs/snapshots.md).
    let name = first.trim();
    while (name === "") name = String(yield_<string>({ ask: "your name, please?" })).trim();
    let email = String(yield_<string>({ ask: `hello ${name}: your e-mail address?` })).trim();
    while (!email.includes("@")) email = String(yield_<string>({ ask: `'${email}' has no @: your e-mail address?` })).trim();
    let plan = yield_<string>({ ask: "free or pro?" });
    while (plan !== "free" && plan !== "pro") plan = yield_<string>({ ask: `'${plan}' is not a plan: free or pro?` });
    return { account: { name, email, plan } };
  });
}

/** One request: restore from `file` (a fresh dialogue when there is none), resume with `answer`, save. */
function step(file: string, answer: string): void {
  const dialogue = signup();
  const restoredAt = fs.existsSync(file) ? `restored at ${dialogue.restore(JSON.parse(fs.readFileSync(file, "utf8"))).state}` : "no file: a new dialogue";
  const reply = dialogue.resume(answer);
  if (dialogue.done) fs.rmSync(file);
  else fs.writeFileSync(file, JSON.stringify(dialogue.snapshot()));
  // What the parent prints for this process: one JSON line.
  console.log(JSON.stringify({ pid: process.pid, restoredAt, reply, saved: dialogue.done ? null : JSON.parse(fs.readFileSync(file, "utf8")).locals }));
}

/** The runner's part: three child processes, each one step, sharing nothing but the file. */
function dialogue(answers: readonly string[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-wizard-"));
  const file = path.join(dir, "signup.json");
  const pids = new Set<number>([process.pid]);
  try {
    for (const answer of answers) {
      const out = childProcess.execFileSync(process.execPath, [__filename, file, answer], { encoding: "utf8" });
      const { pid, restoredAt, reply, saved } = JSON.parse(out) as { pid: number; restoredAt: string; reply: Reply; saved: unknown };
      show(`node wizard.js ${JSON.stringify(answer)}`, reply, `${restoredAt}; ${saved ? `saved locals ${JSON.stringify(saved)}` : "done: file removed"}`);
      pids.add(pid);
    }
    show("separate processes", pids.size === answers.length + 1);
    show("snapshot file left", fs.existsSync(file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) step(process.argv[2], process.argv[3]);
else dialogue(["Ada ", " ada@example.org", "pro"]);
