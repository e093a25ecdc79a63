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
exports.dropTheFirst = exports.atTheStart = exports.isAnExpression = void 0;
const __stackless = __importStar(require("stackless"));
/**
 * Three answers to "where does the input come in?", on the seed's names example:
 * yield is an expression (the first input is the parameter, each later one what `yield_`
 * evaluates to), yield at the start (the first `yield_()` takes the first input), and drop the
 * first (`function*`: the first input is lost).
 */
const stackless_1 = require("stackless");
const check_1 = require("./check");
class IsAnExpressionGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Yield2", "Done"];
    static locals = ["name1", "name2"];
    static liveLocals = [[], [0], [0, 1]];
    static site = "yield-expression.ts#IsAnExpressionGenerator";
    constructor() {
        super();
        this.name1 = 0;
        this.name2 = 0;
    }
    resume(input) {
        const state = this._state;
        let name3;
        switch (state) {
            /* Start */
            case 0:
                this.name1 = input;
                this._state = 1; /* Yield1 */
                return { value: this.name1, done: false };
            /* Yield1 */
            case 1:
                this.name2 = input;
                this._state = 2; /* Yield2 */
                return { value: "Hello", done: false };
            /* Yield2 */
            case 2:
                name3 = input;
                this._state = 3; /* Done */
                return { value: [this.name1, this.name2, name3], done: true };
        }
        return __stackless.resumeFailed(this, state);
    }
}
class AtTheStartCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Yield2", "Yield3", "Done"];
    static locals = ["name1", "name2"];
    static liveLocals = [[], [], [0], [0, 1]];
    static site = "yield-expression.ts#AtTheStartCoroutine";
    constructor() {
        super();
        this.name1 = 0;
        this.name2 = 0;
    }
    resume(input) {
        let state = this._state;
        let name3;
        dispatch: for (;;)
            switch (state) {
                /* Start */
                case 0:
                    state = 1; /* Yield1 */
                    continue dispatch;
                /* Yield1 */
                case 1:
                    this.name1 = input;
                    this._state = 2; /* Yield2 */
                    return [this.name1];
                /* Yield2 */
                case 2:
                    this.name2 = input;
                    this._state = 3; /* Yield3 */
                    return ["Hello"];
                /* Yield3 */
                case 3:
                    name3 = input;
                    this._state = 4; /* Done */
                    return [this.name1, this.name2, name3];
                default: break dispatch;
            }
        return __stackless.resumeFailed(this, state);
    }
}
class DropTheFirstGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Yield2", "Done"];
    static locals = ["name1"];
    static liveLocals = [[], [], [0]];
    static site = "yield-expression.ts#DropTheFirstGenerator";
    constructor() {
        super();
        this.name1 = 0;
    }
    resume(input) {
        const state = this._state;
        let name2;
        switch (state) {
            /* Start */
            case 0:
                this._state = 1; /* Yield1 */
                return { value: "Hello", done: false };
            /* Yield1 */
            case 1:
                this.name1 = input;
                this._state = 2; /* Yield2 */
                return { value: this.name1, done: false };
            /* Yield2 */
            case 2:
                name2 = input;
                this._state = 3; /* Done */
                return { value: [this.name1, name2], done: true };
        }
        return __stackless.resumeFailed(this, state);
    }
}
exports.isAnExpression = new IsAnExpressionGenerator();
(0, check_1.expectShown)('isAnExpression.resume("A")', exports.isAnExpression.resume("A"), { value: "A", done: false });
(0, check_1.expectShown)('isAnExpression.resume("B")', exports.isAnExpression.resume("B"), { value: "Hello", done: false });
(0, check_1.expectShown)('isAnExpression.resume("C")', exports.isAnExpression.resume("C"), { value: ["A", "B", "C"], done: true });
exports.atTheStart = new AtTheStartCoroutine();
(0, check_1.expectShown)('atTheStart.resume("A")', exports.atTheStart.resume("A"), ["A"]);
(0, check_1.expectShown)('atTheStart.resume("B")', exports.atTheStart.resume("B"), ["Hello"]);
(0, check_1.expectShown)('atTheStart.resume("C")', exports.atTheStart.resume("C"), ["A", "B", "C"]);
exports.dropTheFirst = new DropTheFirstGenerator();
(0, check_1.expectShown)('dropTheFirst.next("A")', exports.dropTheFirst.next("A"), { value: "Hello", done: false });
(0, check_1.expectShown)('dropTheFirst.next("B")', exports.dropTheFirst.next("B"), { value: "B", done: false });
(0, check_1.expectShown)('dropTheFirst.next("C")', exports.dropTheFirst.next("C"), { value: ["B", "C"], done: true });
