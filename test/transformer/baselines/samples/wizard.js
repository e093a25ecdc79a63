"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.signup = signup;
const __stackless = __importStar(require("stackless"));
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
const childProcess = __importStar(require("child_process"));
const fs = __importStar(require("fs"));
const os = __importStar(require("os"));
const path = __importStar(require("path"));
const stackless_1 = require("stackless");
const show_1 = require("./show");
class SignupCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Yield2", "Yield3", "Yield4", "Yield5", "Done"];
    static locals = ["name", "email_or_t", "t"];
    static liveLocals = [[], [1], [0, 2], [0, 2], [0, 1], [0, 1]];
    static site = "wizard.ts#SignupCoroutine";
    static temps = [0, { "email_or_t": ["the value of `String` at wizard.ts:27:32", function () { return String; }] }, { "t": ["the value of `String` at wizard.ts:28:17", function () { return String; }] }, { "t": ["the value of `String` at wizard.ts:29:42", function () { return String; }] }, 0, 0];
    constructor() {
        super();
        this.name = 0;
        this.email_or_t = 0;
        this.t = 0;
    }
    resume(input) {
        const state = this._state;
        let first, plan, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    first = input;
                    this.name = first.trim();
                    if (this.name === "") {
                        this.email_or_t = String;
                        this._state = 1; /* Yield1 */
                        return { ask: "your name, please?" };
                    }
                    this.t = String;
                    output = { ask: `hello ${this.name}: your e-mail address?` };
                    this._state = 2; /* Yield2 */
                    return output;
                /* Yield1 */
                case 1:
                    this.name = __stackless.apply((0, this.email_or_t)(input).trim, (0, this.email_or_t)(input), []);
                    if (this.name === "") {
                        this.email_or_t = String;
                        this._state = 1; /* Yield1 */
                        return { ask: "your name, please?" };
                    }
                    this.t = String;
                    output = { ask: `hello ${this.name}: your e-mail address?` };
                    this._state = 2; /* Yield2 */
                    return output;
                /* Yield4 */
                case 4:
                /* Yield5 */
                case 5:
                    plan = input;
                    if (plan !== "free" && plan !== "pro") {
                        output = { ask: `'${plan}' is not a plan: free or pro?` };
                        this._state = 5; /* Yield5 */
                        return output;
                    }
                    this._state = 6; /* Done */
                    return { account: { name: this.name, email: this.email_or_t, plan: plan } };
                /* Yield2, Yield3 */
                default:
                    if (state < 0 || state > 5)
                        break;
                    this.email_or_t = __stackless.apply((0, this.t)(input).trim, (0, this.t)(input), []);
                    if (!this.email_or_t.includes("@")) {
                        this.t = String;
                        output = { ask: `'${this.email_or_t}' has no @: your e-mail address?` };
                        this._state = 3; /* Yield3 */
                        return output;
                    }
                    this._state = 4; /* Yield4 */
                    return { ask: "free or pro?" };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
/** The dialogue: a name, an e-mail address (asked again until it has an @), a plan. */
function signup() {
    return new SignupCoroutine();
}
/** One request: restore from `file` (a fresh dialogue when there is none), resume with `answer`, save. */
function step(file, answer) {
    const dialogue = signup();
    const restoredAt = fs.existsSync(file) ? `restored at ${dialogue.restore(JSON.parse(fs.readFileSync(file, "utf8"))).state}` : "no file: a new dialogue";
    const reply = dialogue.resume(answer);
    if (dialogue.done)
        fs.rmSync(file);
    else
        fs.writeFileSync(file, JSON.stringify(dialogue.snapshot()));
    // What the parent prints for this process: one JSON line.
    console.log(JSON.stringify({ pid: process.pid, restoredAt, reply, saved: dialogue.done ? null : JSON.parse(fs.readFileSync(file, "utf8")).locals }));
}
/** The runner's part: three child processes, each one step, sharing nothing but the file. */
function dialogue(answers) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-wizard-"));
    const file = path.join(dir, "signup.json");
    const pids = new Set([process.pid]);
    try {
        for (const answer of answers) {
            const out = childProcess.execFileSync(process.execPath, [__filename, file, answer], { encoding: "utf8" });
            const { pid, restoredAt, reply, saved } = JSON.parse(out);
            (0, show_1.show)(`node wizard.js ${JSON.stringify(answer)}`, reply, `${restoredAt}; ${saved ? `saved locals ${JSON.stringify(saved)}` : "done: file removed"}`);
            pids.add(pid);
        }
        (0, show_1.show)("separate processes", pids.size === answers.length + 1);
        (0, show_1.show)("snapshot file left", fs.existsSync(file));
    }
    finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
if (require.main === module)
    step(process.argv[2], process.argv[3]);
else
    dialogue(["Ada ", " ada@example.org", "pro"]);
