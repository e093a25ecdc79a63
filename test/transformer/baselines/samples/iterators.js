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
exports.range = range;
exports.fibonacci = fibonacci;
exports.walk = walk;
exports.words = words;
const __stackless = __importStar(require("stackless"));
/**
 * Generators as JavaScript iterators. A `generator(() => …)` body without a parameter has
 * `function*` semantics ("drop the first": the first `next()`'s argument is ignored); the
 * instance is an Iterator and an Iterable, so `for…of`, spread, destructuring and Array.from
 * work on it as on a native generator.
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
class RangeGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["i"];
    static liveLocals = [[], [0]];
    static site = "iterators.ts#RangeGenerator";
    constructor(from, to, step) {
        super();
        this.i = 0;
        this.from = from;
        this.to = to;
        this.step = step;
    }
    resume(input) {
        const state = this._state;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this.i = this.from;
                    if (this.i < this.to) {
                        this._state = 1; /* Yield1 */
                        return { value: this.i, done: false };
                    }
                    this._state = 2; /* Done */
                    return { value: void 0, done: true };
                /* Yield1 */
                case 1:
                    this.i += this.step;
                    if (this.i < this.to) {
                        this._state = 1; /* Yield1 */
                        return { value: this.i, done: false };
                    }
                    this._state = 2; /* Done */
                    return { value: void 0, done: true };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class FibonacciGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["a", "b"];
    static liveLocals = [[0, 1], [0, 1]];
    static site = "iterators.ts#FibonacciGenerator";
    constructor() {
        super();
        this.a = void 0;
        this.b = void 0;
    }
    resume(input) {
        const state = this._state;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    [this.a, this.b] = [0, 1];
                    this._state = 1; /* Yield1 */
                    return { value: this.a, done: false };
                /* Yield1 */
                case 1:
                    [this.a, this.b] = [this.b, this.a + this.b];
                    this._state = 1; /* Yield1 */
                    return { value: this.a, done: false };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class WalkGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["stack", "visited", "node"];
    static liveLocals = [[], [0, 1, 2]];
    static site = "iterators.ts#WalkGenerator";
    constructor(root) {
        super();
        this.stack = 0;
        this.visited = 0;
        this.node = 0;
        this.root = root;
    }
    resume(input) {
        const state = this._state;
        let output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this.stack = [this.root];
                    this.visited = 0;
                    if (this.stack.length > 0) {
                        this.node = this.stack.pop();
                        this.visited++;
                        output = this.node.value;
                        this._state = 1; /* Yield1 */
                        return { value: output, done: false };
                    }
                    this._state = 2; /* Done */
                    return { value: this.visited, done: true };
                /* Yield1 */
                case 1:
                    for (const child of [...this.node.children].reverse())
                        this.stack.push(child);
                    if (this.stack.length > 0) {
                        this.node = this.stack.pop();
                        this.visited++;
                        output = this.node.value;
                        this._state = 1; /* Yield1 */
                        return { value: output, done: false };
                    }
                    this._state = 2; /* Done */
                    return { value: this.visited, done: true };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class WordsGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["iterator", "iterator_1", "closing", "closing_1"];
    static liveLocals = [[2, 3], [0, 1, 2, 3]];
    static site = "iterators.ts#WordsGenerator";
    static temps = [0, { "iterator": ["the iterator of `lines` at iterators.ts:51:24"], "iterator_1": ["the iterator of `line.split(/\\s+/)` at iterators.ts:53:26"] }];
    static throwEntries = [0, 3];
    static returnEntries = [0, 4];
    constructor(lines) {
        super();
        this.iterator = 0;
        this.iterator_1 = 0;
        this.closing = void 0;
        this.closing_1 = void 0;
        this.lines = lines;
    }
    resume(input) {
        let state = this._state;
        let line, word, step, step_1, result, output;
        this._state = -1; /* Running */
        try {
            dispatch: for (;;)
                switch (state) {
                    /* Start */
                    case 0:
                        this.iterator = this.lines[Symbol.iterator]();
                        state = 5;
                        continue dispatch;
                    /* Yield1 */
                    case 1: try {
                        state = 6;
                        continue dispatch;
                    }
                    catch (e) {
                        __stackless.closeIteratorOnThrow(this.iterator_1);
                        __stackless.closeIteratorOnThrow(this.iterator);
                        throw e;
                    }
                    /* throw() at Yield1 */
                    case 3: try {
                        throw input;
                    }
                    catch (e) {
                        __stackless.closeIteratorOnThrow(this.iterator_1);
                        __stackless.closeIteratorOnThrow(this.iterator);
                        throw e;
                    }
                    /* return() at Yield1 */
                    case 4: try {
                        result = input;
                        __stackless.closeIterator((this.closing = this.iterator_1, this.iterator_1 = void 0, this.closing));
                        __stackless.closeIterator((this.closing_1 = this.iterator, this.iterator = void 0, this.closing_1));
                        this._state = 2; /* Done */
                        return { value: result, done: true };
                    }
                    catch (e) {
                        __stackless.closeIteratorOnThrow(this.iterator_1);
                        __stackless.closeIteratorOnThrow(this.iterator);
                        throw e;
                    }
                    /* join */
                    case 5:
                        step = this.iterator.next();
                        if (step.done) {
                            this._state = 2; /* Done */
                            return { value: void 0, done: true };
                        }
                        state = 7;
                        continue dispatch;
                    /* join */
                    case 6: try {
                        step_1 = this.iterator_1.next();
                        if (step_1.done) {
                            state = 8;
                            continue dispatch;
                        }
                        state = 9;
                        continue dispatch;
                    }
                    catch (e) {
                        __stackless.closeIteratorOnThrow(this.iterator);
                        throw e;
                    }
                    /* join */
                    case 7: try {
                        line = step.value;
                        if (line.trim() === "" || line.startsWith("#")) {
                            state = 5;
                            continue dispatch;
                        }
                        this.iterator_1 = line.split(/\s+/)[Symbol.iterator]();
                        step_1 = this.iterator_1.next();
                        if (step_1.done) {
                            state = 8;
                            continue dispatch;
                        }
                        state = 9;
                        continue dispatch;
                    }
                    catch (e) {
                        __stackless.closeIteratorOnThrow(this.iterator);
                        throw e;
                    }
                    /* join */
                    case 8:
                        state = 5;
                        continue dispatch;
                    /* join */
                    case 9: try {
                        word = step_1.value;
                        if (word) {
                            output = word.toLowerCase();
                            this._state = 1; /* Yield1 */
                            return { value: output, done: false };
                        }
                        state = 6;
                        continue dispatch;
                    }
                    catch (e) {
                        __stackless.closeIteratorOnThrow(this.iterator_1);
                        __stackless.closeIteratorOnThrow(this.iterator);
                        throw e;
                    }
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
/** from, from + step, … below `to`. */
function range(from, to, step = 1) {
    return new RangeGenerator(from, to, step);
}
/** The Fibonacci numbers, forever. */
function fibonacci() {
    return new FibonacciGenerator();
}
/** Depth-first, pre-order. The `for…of` iterator and the stack live across the suspensions. */
function walk(root) {
    return new WalkGenerator(root);
}
/** Words of the lines, skipping blank lines and `#` comments: a for…of, continue and a nested loop. */
function words(lines) {
    return new WordsGenerator(lines);
}
const squares = [];
for (const i of range(0, 5))
    squares.push(i * i);
(0, show_1.show)("for (const i of range(0, 5)) squares.push(i * i); squares", squares);
(0, show_1.show)("[...range(0, 10, 3)]", [...range(0, 10, 3)]);
const [f0, f1, f2, f3, f4, f5, f6] = fibonacci(); // destructuring closes the infinite generator
(0, show_1.show)("const [f0, …, f6] = fibonacci()", [f0, f1, f2, f3, f4, f5, f6]);
const tree = {
    value: "a",
    children: [
        { value: "b", children: [{ value: "d", children: [] }] },
        { value: "c", children: [] },
    ],
};
const it = walk(tree);
(0, show_1.show)("[...walk(tree)]", [...walk(tree)]);
(0, show_1.show)("walk(tree).next()", it.next());
(0, show_1.show)("  .next()", it.next());
(0, show_1.show)("  .next()", it.next());
(0, show_1.show)("  .next()", it.next());
(0, show_1.show)("  .next()", it.next(), "the return value: nodes visited");
(0, show_1.show)("  .state", it.state);
(0, show_1.show)("Array.from(words(…))", Array.from(words(["# a comment", "The quick", "", "  brown FOX  "])));
