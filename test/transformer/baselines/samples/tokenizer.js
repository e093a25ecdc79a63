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
exports.tokenizer = tokenizer;
exports.tokenize = tokenize;
const __stackless = __importStar(require("stackless"));
/**
 * A push-based tokenizer: fed one character per resume, it outputs the token that character
 * completed, or null. A token is complete when the character after it arrives (that is how the
 * tokenizer knows `12` is not `123`, or `<` not `<=`), so the character that ends a token is
 * looked at again as the start of the next one. Feed END ("") to flush the last token.
 *
 * The body reads as the scanner you would write over a string; the transformer turns each
 * labelled read into a named state (InNumber, InName, AfterOperator, InComment, Next).
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
class TokenizerCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "InNumber", "InName", "AfterOperator", "InComment", "Next", "Done"];
    static locals = ["token", "text_or_op"];
    static liveLocals = [[], [1], [1], [1], [0], []];
    static site = "tokenizer.ts#TokenizerCoroutine";
    constructor() {
        super();
        this.token = 0;
        this.text_or_op = 0;
    }
    resume(input) {
        let state = this._state;
        let first, c, t;
        this._state = -1; /* Running */
        try {
            dispatch: for (;;)
                switch (state) {
                    /* Start */
                    case 0:
                        first = input;
                        c = first;
                        this.token = null;
                        t = classify(c);
                        if (t === "end" || t === "space") {
                            state = 7;
                            continue dispatch;
                        }
                        if (t === "digit") {
                            this.text_or_op = c;
                            this._state = 1; /* InNumber */
                            return this.token;
                        }
                        if (t === "name") {
                            this.text_or_op = c;
                            this._state = 2; /* InName */
                            return this.token;
                        }
                        if (t === "op") {
                            this.text_or_op = c;
                            this._state = 3; /* AfterOperator */
                            return this.token;
                        }
                        this.token = { kind: "error", text: c };
                        state = 7;
                        continue dispatch;
                    /* InNumber */
                    case 1:
                        c = input;
                        this.token = null;
                        if (isDigit(c) || (c === "." && !this.text_or_op.includes(".")))
                            this.text_or_op += c;
                        else {
                            state = 8;
                            continue dispatch;
                        }
                        this._state = 1; /* InNumber */
                        return this.token;
                    /* InName */
                    case 2:
                        c = input;
                        this.token = null;
                        if (!isNamePart(c)) {
                            state = 9;
                            continue dispatch;
                        }
                        this.text_or_op += c;
                        this._state = 2; /* InName */
                        return this.token;
                    /* AfterOperator */
                    case 3:
                        c = input;
                        this.token = null;
                        if (this.text_or_op === "/" && c === "/") {
                            this._state = 4; /* InComment */
                            return null;
                        }
                        if (TWO_CHAR.has(this.text_or_op + c)) {
                            this.token = { kind: "op", text: this.text_or_op + c };
                            {
                                state = 7;
                                continue dispatch;
                            } // `c` is part of the operator: read the next character
                        }
                        this.token = { kind: "op", text: this.text_or_op };
                        t = classify(c);
                        if (t === "end" || t === "space") {
                            state = 7;
                            continue dispatch;
                        }
                        if (t === "digit") {
                            this.text_or_op = c;
                            this._state = 1; /* InNumber */
                            return this.token;
                        }
                        if (t === "name") {
                            this.text_or_op = c;
                            this._state = 2; /* InName */
                            return this.token;
                        }
                        if (t === "op") {
                            this.text_or_op = c;
                            this._state = 3; /* AfterOperator */
                            return this.token;
                        }
                        this.token = { kind: "error", text: c };
                        state = 7;
                        continue dispatch;
                    /* InComment */
                    case 4:
                        c = input;
                        if (c !== "\n" && c !== exports.END) {
                            this._state = 4; /* InComment */
                            return null;
                        }
                        t = classify(c);
                        if (t === "end" || t === "space") {
                            state = 7;
                            continue dispatch;
                        }
                        if (t === "digit") {
                            this.text_or_op = c;
                            this._state = 1; /* InNumber */
                            return this.token;
                        }
                        if (t === "name") {
                            this.text_or_op = c;
                            this._state = 2; /* InName */
                            return this.token;
                        }
                        if (t === "op") {
                            this.text_or_op = c;
                            this._state = 3; /* AfterOperator */
                            return this.token;
                        }
                        this.token = { kind: "error", text: c };
                        state = 7;
                        continue dispatch;
                    /* Next */
                    case 5:
                        c = input;
                        this.token = null;
                        t = classify(c);
                        if (t === "end" || t === "space") {
                            state = 7;
                            continue dispatch;
                        }
                        if (t === "digit") {
                            this.text_or_op = c;
                            this._state = 1; /* InNumber */
                            return this.token;
                        }
                        if (t === "name") {
                            this.text_or_op = c;
                            this._state = 2; /* InName */
                            return this.token;
                        }
                        if (t === "op") {
                            this.text_or_op = c;
                            this._state = 3; /* AfterOperator */
                            return this.token;
                        }
                        this.token = { kind: "error", text: c };
                        state = 7;
                        continue dispatch;
                    /* join */
                    case 7:
                        this._state = 5; /* Next */
                        return this.token;
                    /* join */
                    case 8:
                        this.token = { kind: "number", value: Number(this.text_or_op) };
                        t = classify(c);
                        if (t === "end" || t === "space") {
                            state = 7;
                            continue dispatch;
                        }
                        if (t === "digit") {
                            this.text_or_op = c;
                            this._state = 1; /* InNumber */
                            return this.token;
                        }
                        if (t === "name") {
                            this.text_or_op = c;
                            this._state = 2; /* InName */
                            return this.token;
                        }
                        if (t === "op") {
                            this.text_or_op = c;
                            this._state = 3; /* AfterOperator */
                            return this.token;
                        }
                        this.token = { kind: "error", text: c };
                        state = 7;
                        continue dispatch;
                    /* join */
                    case 9:
                        this.token = { kind: "name", text: this.text_or_op };
                        t = classify(c);
                        if (t === "end" || t === "space") {
                            state = 7;
                            continue dispatch;
                        }
                        if (t === "digit") {
                            this.text_or_op = c;
                            this._state = 1; /* InNumber */
                            return this.token;
                        }
                        if (t === "name") {
                            this.text_or_op = c;
                            this._state = 2; /* InName */
                            return this.token;
                        }
                        if (t === "op") {
                            this.text_or_op = c;
                            this._state = 3; /* AfterOperator */
                            return this.token;
                        }
                        this.token = { kind: "error", text: c };
                        state = 7;
                        continue dispatch;
                    default: break dispatch;
                }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
/** End of input: flushes the pending token. The tokenizer is then ready for a new text. */
exports.END = "";
const OPERATORS = "+-*/%=<>!(),;";
const TWO_CHAR = new Set(["==", "!=", "<=", ">=", "**"]);
const isDigit = (c) => c >= "0" && c <= "9";
const isNameStart = (c) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isNamePart = (c) => isNameStart(c) || isDigit(c);
function classify(c) {
    if (c === exports.END)
        return "end";
    if (c === " " || c === "\t" || c === "\n" || c === "\r")
        return "space";
    if (isDigit(c))
        return "digit";
    if (isNameStart(c))
        return "name";
    if (OPERATORS.includes(c))
        return "op";
    return "other";
}
function tokenizer() {
    return new TokenizerCoroutine();
}
/** Feed `text` and END one character per resume; collect the tokens. */
function tokenize(text) {
    const t = tokenizer();
    const tokens = [];
    for (const c of [...text, exports.END]) {
        const token = t.resume(c);
        if (token)
            tokens.push(token);
    }
    return tokens;
}
/** A token as a short value: a number's value, a name's or operator's text, `error …` for the rest. */
const brief = (t) => (t.kind === "number" ? t.value : t.kind === "error" ? `error ${t.text}` : t.text);
// Every resume of a short input: what it returned, and the state it left the tokenizer in.
const t = tokenizer();
for (const c of [..."n1 >= 2.5*(x+42)", exports.END]) {
    const out = t.resume(c);
    (0, show_1.show)(`tokenizer.resume(${(0, show_1.format)(c)})`, out, `now in ${t.state}`);
}
// A longer text, tokens only.
(0, show_1.show)("tokenize(…)", tokenize("total = price * 3 // three of them\nok = total <= 10.5 ; flag != $").map(brief));
