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
/**
 * `npm run samples`: runs each compiled sample, printing what every resume returned, and compares
 * the lines with samples/expected/<sample>.txt. Any difference (or a sample that throws) makes
 * the exit code non-zero, so this doubles as a smoke test of the transformer through tspc.
 *
 *   node samples/out/run.js             run and check every sample
 *   node samples/out/run.js summer      only some
 *   node samples/out/run.js --update    rewrite the expected files from the current output
 */
const fs = __importStar(require("fs"));
const path = __importStar(require("path"));
const show_1 = require("./show");
const SAMPLES = [
    "summer",
    "names",
    "tokenizer",
    "iterators",
    "instances",
    // Snapshots (docs/snapshots.md): a dialogue across three processes, a parser forked with clone().
    "wizard",
    "fork-parser",
    // The seed gallery: one sample per design of "Generalizing Coroutines in Rust" (docs/designs.md).
    "yield-at-start-summer",
    "ouroboroutine",
    "delay-line",
    "unified",
    "yield-expression",
    "extend-async",
];
const args = process.argv.slice(2);
const update = args.includes("--update");
const chosen = args.filter((a) => !a.startsWith("--"));
const expectedDir = path.join(__dirname, "..", "expected");
async function main() {
    let failed = 0;
    for (const name of chosen.length ? chosen : SAMPLES) {
        console.log(`\n== ${name}.ts`);
        show_1.transcript.length = 0;
        try {
            // A sample with asynchronous parts exports `finished`, a promise of their end.
            const loaded = require(`./${name}`);
            await loaded.finished;
        }
        catch (e) {
            console.log(e);
            console.log(`FAIL ${name}: threw`);
            failed++;
            continue;
        }
        const file = path.join(expectedDir, `${name}.txt`);
        const actual = show_1.transcript.join("\n") + "\n";
        if (update) {
            fs.writeFileSync(file, actual);
            continue;
        }
        const expected = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        if (actual !== expected) {
            failed++;
            const a = actual.split("\n");
            const b = expected.split("\n");
            const i = a.findIndex((line, k) => line !== b[k]);
            console.log(`FAIL ${name}: output differs from samples/expected/${name}.txt at line ${i + 1}`);
            console.log(`  expected: ${b[i] ?? "(end of file)"}`);
            console.log(`  actual:   ${a[i] ?? "(end of output)"}`);
        }
    }
    if (failed) {
        console.log(`\n${failed} sample(s) failed`);
        process.exitCode = 1;
    }
    else if (!update) {
        console.log("\nall samples printed the expected values");
    }
}
main().catch((e) => {
    console.log(e);
    process.exitCode = 1;
});
