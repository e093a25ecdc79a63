/**
 * Generators as JavaScript iterators. A `generator(() => …)` body without a parameter has
 * `function*` semantics ("drop the first": the first `next()`'s argument is ignored); the
 * instance is an Iterator and an Iterable, so `for…of`, spread, destructuring and Array.from
 * work on it as on a native generator.
 */
import { generator, yield_ } from "stackless";
import { show } from "./show";

/** from, from + step, … below `to`. */
export function range(from: number, to: number, step = 1) {
  return generator<number>(() => {
    for (let i = from; i < to; i += step) yield_(i);
  });
}

/** The Fibonacci numbers, forever. */
export function fibonacci() {
  return generator<number>(() => {
    let [a, b] = [0, 1];
    for (;;) {
      yield_(a);
      [a, b] = [b, a + b];
    }
  });
}

export interface Tree {
  value: string;
  children: Tree[];
}

/** Depth-first, pre-order. The `for…of` iterator and the stack live across the suspensions. */
export function walk(root: Tree) {
  return generator<string, number>(() => {
    const stack = [root];
    let visited = 0;
    while (stack.length > 0) {
      const node = stack.pop()!;
      visited++;
      yield_(node.value);
      for (const child of [...node.children].reverse()) stack.push(child);
    }
    return visited;
  });
}

/** Words of the lines, skipping blank lines and `#` comments: a for…of, continue and a nested loop. */
export function words(lines: Iterable<string>) {
  return generator<string>(() => {
    for (const line of lines) {
      if (line.trim() === "" || line.startsWith("#")) continue;
      for (const word of line.split(/\s+/)) {
        if (word) yield_(word.toLowerCase());
      }
    }
  });
}

const squares: number[] = [];
for (const i of range(0, 5)) squares.push(i * i);
show("for (const i of range(0, 5)) squares.push(i * i); squares", squares);

show("[...range(0, 10, 3)]", [...range(0, 10, 3)]);

const [f0, f1, f2, f3, f4, f5, f6] = fibonacci(); // destructuring closes the infinite generator
show("const [f0, …, f6] = fibonacci()", [f0, f1, f2, f3, f4, f5, f6]);

const tree: Tree = {
  value: "a",
  children: [
    { value: "b", children: [{ value: "d", children: [] }] },
    { value: "c", children: [] },
  ],
};
const it = walk(tree);
show("[...walk(tree)]", [...walk(tree)]);
show("walk(tree).next()", it.next());
show("  .next()", it.next());
show("  .next()", it.next());
show("  .next()", it.next());
show("  .next()", it.next(), "the return value: nodes visited");
show("  .state", it.state);

show("Array.from(words(…))", Array.from(words(["# a comment", "The quick", "", "  brown FOX  "])));
