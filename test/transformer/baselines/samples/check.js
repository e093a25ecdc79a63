"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.expectShown = expectShown;
exports.expectThrows = expectThrows;
/**
 * The seed gallery's check: print a resume's result like show() and fail loudly (throw) when it is
 * not what the essay says it is, so a sample is its own test as well as the runner's.
 */
const show_1 = require("./show");
/** Print `label → actual` and throw unless `actual` prints as `expected` does. */
function expectShown(label, actual, expected, note) {
    (0, show_1.show)(label, actual, note);
    if ((0, show_1.format)(actual) !== (0, show_1.format)(expected)) {
        throw new Error(`${label}: the seed expects ${(0, show_1.format)(expected)}, got ${(0, show_1.format)(actual)}`);
    }
}
/** Run `f`, which must throw; print `label → throws …` and throw if it returned instead. */
function expectThrows(label, f, describe) {
    let result;
    try {
        result = f();
    }
    catch (e) {
        const line = `${label} → throws ${describe(e)}`;
        show_1.transcript.push(line);
        console.log(line);
        return;
    }
    (0, show_1.show)(label, result, "did not throw");
    throw new Error(`${label}: the seed expects a panic, got ${(0, show_1.format)(result)}`);
}
