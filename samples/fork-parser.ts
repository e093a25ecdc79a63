/**
 * A push parser forked at a token boundary with `clone()`. After `async`, a `(` may open an arrow
 * function's parameters (`async (a, b) => a`) or a call's arguments (`async(a, 1)`), and only a
 * later token tells which. The parser, fed one token per resume, says so by answering `fork`; the
 * driver then clones the suspended parser, resumes each copy with one reading, feeds both the
 * rest of the tokens, and keeps the reading that parses: no backtracking, no re-reading of input.
 */
import { coroutine, yield_, type Coroutine } from "stackless";
import { show } from "./show";

/** What the parser answers to each token. */
export type Step = { need: "token" } | { fork: readonly Reading[] } | { error: string } | { parsed: string };
export type Reading = "arrow" | "call";

/** The token that ends the input. */
export const END = "<end>";

const NEED: Step = { need: "token" };
const FORK: Step = { fork: ["arrow", "call"] };
const isName = (t: string) => /^[A-Za-z_]\w*$/.test(t);
const isNumber = (t: string) => /^\d+$/.test(t);

/** `name ( items ) [=> body]`, one token per resume; the first resume brings the first token. */
export function parser(): Coroutine<string, Step> {
  return coroutine((first: string) => {
    const head = first;
    if (!isName(head)) return { error: `expected a name, got ${head}` };
    // The token boundary where the grammar is ambiguous: answer `fork`, and read on the way the
    // driver resumes this instance (or each of its clones).
    const reading = head === "async" ? (yield_<string>(FORK) as Reading) : "call";
    let token = yield_<string>(NEED);
    if (token !== "(") return { error: `expected (, got ${token}` };
    // A clone shares the saved locals of the original (a shallow copy): this list is made after
    // the fork and replaced rather than pushed to, so the two readings never see each other's.
    let items: readonly string[] = [];
    token = yield_<string>(NEED);
    while (token !== ")") {
      if (reading === "arrow" && !isName(token)) return { error: `a parameter is a name, not ${token}` };
      if (!isName(token) && !isNumber(token)) return { error: `an argument is a name or a number, not ${token}` };
      items = [...items, token];
      token = yield_<string>(NEED);
      if (token === ",") token = yield_<string>(NEED);
      else if (token !== ")") return { error: `expected , or ), got ${token}` };
    }
    if (reading === "call") {
      token = yield_<string>(NEED);
      return token === END ? { parsed: `the call ${head}(${items.join(", ")})` } : { error: `expected the end after a call, got ${token}` };
    }
    token = yield_<string>(NEED);
    if (token !== "=>") return { error: `expected =>, got ${token}` };
    const body = yield_<string>(NEED);
    if (!isName(body) && !isNumber(body)) return { error: `expected a name or a number, got ${body}` };
    token = yield_<string>(NEED);
    return token === END ? { parsed: `an arrow function (${items.join(", ")}) => ${body}` } : { error: `expected the end, got ${token}` };
  });
}

/** One reading of the input so far: its name (how it chose at each fork) and its parser. */
interface Branch {
  readonly how: string;
  readonly parser: Coroutine<string, Step>;
}

/** Parse `text` (tokens separated by spaces), forking at every `fork`; print what each reading did. */
export function parse(text: string): string | undefined {
  let branches: Branch[] = [{ how: "", parser: parser() }];
  let winner: string | undefined;
  for (const token of [...text.split(" "), END]) {
    const next: Branch[] = [];
    for (const branch of branches) {
      const step = branch.parser.resume(token);
      if ("fork" in step) {
        for (const reading of step.fork) {
          const copy = branch.parser.clone();
          copy.resume(reading);
          next.push({ how: branch.how + reading, parser: copy });
        }
        show(`  after ${token}`, step, `${step.fork.length} clones`);
      } else if ("error" in step) {
        show(`  the ${branch.how || "only"} reading at ${token}`, step, "dropped");
      } else if ("parsed" in step) {
        show(`  the ${branch.how || "only"} reading`, step);
        winner = step.parsed;
      } else next.push(branch);
    }
    branches = next;
  }
  show(`parse(${JSON.stringify(text)})`, winner ?? null);
  return winner;
}

parse("async ( a , b ) => a");
parse("async ( a , 1 )");
parse("async ( a , b ) => 1 2");
parse("print ( 42 )");
