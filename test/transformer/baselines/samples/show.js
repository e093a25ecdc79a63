"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.transcript = void 0;
exports.format = format;
exports.show = show;
exports.showThrow = showThrow;
/** What the samples print: one line per call, `call → value`. The runner checks the lines. */
const stackless_1 = require("stackless");
exports.transcript = [];
function format(value) {
    if (value === undefined)
        return "undefined";
    return JSON.stringify(value);
}
/** Print `label → value`, with an optional note after it (and remember the line for the runner). */
function show(label, value, note) {
    const line = `${label} → ${format(value)}${note === undefined ? "" : `  (${note})`}`;
    exports.transcript.push(line);
    console.log(line);
}
/** Run `f`, which should throw; print `label → throws <code>` (a CoroutineError) or the error. */
function showThrow(label, f) {
    let line;
    try {
        line = `${label} → ${format(f())} (did not throw)`;
    }
    catch (e) {
        line = e instanceof stackless_1.CoroutineError ? `${label} → throws CoroutineError ${e.code}` : `${label} → throws ${String(e)}`;
    }
    exports.transcript.push(line);
    console.log(line);
}
