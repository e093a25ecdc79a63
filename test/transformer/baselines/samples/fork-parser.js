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
exports.END = void 0;
exports.parser = parser;
exports.parse = parse;
const __stackless = __importStar(require("stackless"));
/**
 * A push parser forked at a token boundary with `clone()`. After `async`, a `(` may open an arrow
 * function's parameters (`async (a, b) => a`) or a call's arguments (`async(a, 1)`), and only a
 * later token tells which. The parser, fed one token per resume, says so by answering `fork`; the
 * driver then clones the suspended parser, resumes each copy with one reading, feeds both the
 * rest of the tokens, and keeps the reading that parses: no backtracking, no re-reading of input.
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
class ParserCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Yield2", "Yield3", "Yield4", "Yield5", "Yield6", "Yield7", "Yield8", "Yield9", "Done"];
    static locals = ["head_or_body", "reading", "items"];
    static liveLocals = [[], [0], [0, 1], [0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 2], [2], [2], [0, 2]];
    static site = "fork-parser.ts#ParserCoroutine";
    constructor() {
        super();
        this.head_or_body = 0;
        this.reading = 0;
        this.items = 0;
    }
    resume(input) {
        const state = this._state;
        let first, token, t, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    first = input;
                    this.head_or_body = first;
                    if (!isName(this.head_or_body)) {
                        output = { error: `expected a name, got ${this.head_or_body}` };
                        this._state = 10; /* Done */
                        return output;
                    }
                    if (this.head_or_body === "async") {
                        this._state = 1; /* Yield1 */
                        return FORK;
                    }
                    t = "call";
                    this.reading = t;
                    this._state = 2; /* Yield2 */
                    return NEED;
                /* Yield1 */
                case 1:
                    t = input;
                    this.reading = t;
                    this._state = 2; /* Yield2 */
                    return NEED;
                /* Yield2 */
                case 2:
                    token = input;
                    if (token !== "(") {
                        output = { error: `expected (, got ${token}` };
                        this._state = 10; /* Done */
                        return output;
                    }
                    this.items = [];
                    this._state = 3; /* Yield3 */
                    return NEED;
                /* Yield4 */
                case 4:
                    token = input;
                    if (token === ",") {
                        this._state = 5; /* Yield5 */
                        return NEED;
                    }
                    if (token !== ")") {
                        output = { error: `expected , or ), got ${token}` };
                        this._state = 10; /* Done */
                        return output;
                    }
                    if (token !== ")") {
                        if (this.reading === "arrow" && !isName(token)) {
                            output = { error: `a parameter is a name, not ${token}` };
                            this._state = 10; /* Done */
                            return output;
                        }
                        if (!isName(token) && !isNumber(token)) {
                            output = { error: `an argument is a name or a number, not ${token}` };
                            this._state = 10; /* Done */
                            return output;
                        }
                        this.items = [...this.items, token];
                        this._state = 4; /* Yield4 */
                        return NEED;
                    }
                    if (this.reading === "call") {
                        this._state = 6; /* Yield6 */
                        return NEED;
                    }
                    this._state = 7; /* Yield7 */
                    return NEED;
                /* Yield6 */
                case 6:
                    token = input;
                    output = token === exports.END ? { parsed: `the call ${this.head_or_body}(${this.items.join(", ")})` } : { error: `expected the end after a call, got ${token}` };
                    this._state = 10; /* Done */
                    return output;
                /* Yield7 */
                case 7:
                    token = input;
                    if (token !== "=>") {
                        output = { error: `expected =>, got ${token}` };
                        this._state = 10; /* Done */
                        return output;
                    }
                    this._state = 8; /* Yield8 */
                    return NEED;
                /* Yield8 */
                case 8:
                    this.head_or_body = input;
                    if (!isName(this.head_or_body) && !isNumber(this.head_or_body)) {
                        output = { error: `expected a name or a number, got ${this.head_or_body}` };
                        this._state = 10; /* Done */
                        return output;
                    }
                    this._state = 9; /* Yield9 */
                    return NEED;
                /* Yield9 */
                case 9:
                    token = input;
                    output = token === exports.END ? { parsed: `an arrow function (${this.items.join(", ")}) => ${this.head_or_body}` } : { error: `expected the end, got ${token}` };
                    this._state = 10; /* Done */
                    return output;
                /* Yield3, Yield5 */
                default:
                    if (state < 0 || state > 9)
                        break;
                    token = input;
                    if (token !== ")") {
                        if (this.reading === "arrow" && !isName(token)) {
                            output = { error: `a parameter is a name, not ${token}` };
                            this._state = 10; /* Done */
                            return output;
                        }
                        if (!isName(token) && !isNumber(token)) {
                            output = { error: `an argument is a name or a number, not ${token}` };
                            this._state = 10; /* Done */
                            return output;
                        }
                        this.items = [...this.items, token];
                        this._state = 4; /* Yield4 */
                        return NEED;
                    }
                    if (this.reading === "call") {
                        this._state = 6; /* Yield6 */
                        return NEED;
                    }
                    this._state = 7; /* Yield7 */
                    return NEED;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
/** The token that ends the input. */
exports.END = "<end>";
const NEED = { need: "token" };
const FORK = { fork: ["arrow", "call"] };
const isName = (t) => /^[A-Za-z_]\w*$/.test(t);
const isNumber = (t) => /^\d+$/.test(t);
/** `name ( items ) [=> body]`, one token per resume; the first resume brings the first token. */
function parser() {
    return new ParserCoroutine();
}
/** Parse `text` (tokens separated by spaces), forking at every `fork`; print what each reading did. */
function parse(text) {
    let branches = [{ how: "", parser: parser() }];
    let winner;
    for (const token of [...text.split(" "), exports.END]) {
        const next = [];
        for (const branch of branches) {
            const step = branch.parser.resume(token);
            if ("fork" in step) {
                for (const reading of step.fork) {
                    const copy = branch.parser.clone();
                    copy.resume(reading);
                    next.push({ how: branch.how + reading, parser: copy });
                }
                (0, show_1.show)(`  after ${token}`, step, `${step.fork.length} clones`);
            }
            else if ("error" in step) {
                (0, show_1.show)(`  the ${branch.how || "only"} reading at ${token}`, step, "dropped");
            }
            else if ("parsed" in step) {
                (0, show_1.show)(`  the ${branch.how || "only"} reading`, step);
                winner = step.parsed;
            }
            else
                next.push(branch);
        }
        branches = next;
    }
    (0, show_1.show)(`parse(${JSON.stringify(text)})`, winner ?? null);
    return winner;
}
parse("async ( a , b ) => a");
parse("async ( a , 1 )");
parse("async ( a , b ) => 1 2");
parse("print ( 42 )");
