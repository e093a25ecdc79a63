/**
 * A push-based tokenizer: fed one character per resume, it outputs the token that character
 * completed, or null. A token is complete when the character after it arrives (that is how the
 * tokenizer knows `12` is not `123`, or `<` not `<=`), so the character that ends a token is
 * looked at again as the start of the next one. Feed END ("") to flush the last token.
 *
 * The body reads as the scanner you would write over a string; the transformer turns each
 * labelled read into a named state (InNumber, InName, AfterOperator, InComment, Next).
 */
import { coroutine, yield_, type Coroutine } from "stackless";
import { show, format } from "./show";

export type Token =
  | { kind: "number"; value: number }
  | { kind: "name"; text: string }
  | { kind: "op"; text: string }
  | { kind: "error"; text: string };

/** End of input: flushes the pending token. The tokenizer is then ready for a new text. */
export const END = "";

const OPERATORS = "+-*/%=<>!(),;";
const TWO_CHAR = new Set(["==", "!=", "<=", ">=", "**"]);

const isDigit = (c: string) => c >= "0" && c <= "9";
const isNameStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isNamePart = (c: string) => isNameStart(c) || isDigit(c);

function classify(c: string): "end" | "space" | "digit" | "name" | "op" | "other" {
  if (c === END) return "end";
  if (c === " " || c === "\t" || c === "\n" || c === "\r") return "space";
  if (isDigit(c)) return "digit";
  if (isNameStart(c)) return "name";
  if (OPERATORS.includes(c)) return "op";
  return "other";
}

export function tokenizer(): Coroutine<string, Token | null> {
  return coroutine((first: string) => {
    let c = first; // the character being looked at
    let token: Token | null = null; // completed by `c`; goes out with the next read
    scan: for (;;) {
      switch (classify(c)) {
        case "end":
        case "space":
          break; // nothing starts here; read the next character

        case "digit": {
          let text = c;
          for (;;) {
            InNumber: c = yield_<string>(token);
            token = null;
            if (isDigit(c) || (c === "." && !text.includes("."))) text += c;
            else break;
          }
          token = { kind: "number", value: Number(text) };
          continue scan; // `c` ended the number: look at it again
        }

        case "name": {
          let text = c;
          while (true) {
            InName: c = yield_<string>(token);
            token = null;
            if (!isNamePart(c)) break;
            text += c;
          }
          token = { kind: "name", text };
          continue scan;
        }

        case "op": {
          const op = c;
          AfterOperator: c = yield_<string>(token);
          token = null;
          if (op === "/" && c === "/") {
            // A line comment: skip to the end of the line (or of the input).
            do {
              InComment: c = yield_<string>(null);
            } while (c !== "\n" && c !== END);
            continue scan;
          }
          if (TWO_CHAR.has(op + c)) {
            token = { kind: "op", text: op + c };
            break; // `c` is part of the operator: read the next character
          }
          token = { kind: "op", text: op };
          continue scan;
        }

        default:
          token = { kind: "error", text: c };
      }
      Next: c = yield_<string>(token);
      token = null;
    }
  });
}

/** Feed `text` and END one character per resume; collect the tokens. */
export function tokenize(text: string): Token[] {
  const t = tokenizer();
  const tokens: Token[] = [];
  for (const c of [...text, END]) {
    const token = t.resume(c);
    if (token) tokens.push(token);
  }
  return tokens;
}

/** A token as a short value: a number's value, a name's or operator's text, `error …` for the rest. */
const brief = (t: Token) => (t.kind === "number" ? t.value : t.kind === "error" ? `error ${t.text}` : t.text);

// Every resume of a short input: what it returned, and the state it left the tokenizer in.
const t = tokenizer();
for (const c of [..."n1 >= 2.5*(x+42)", END]) {
  const out = t.resume(c);
  show(`tokenizer.resume(${format(c)})`, out, `now in ${t.state}`);
}

// A longer text, tokens only.
show(
  "tokenize(…)",
  tokenize("total = price * 3 // three of them\nok = total <= 10.5 ; flag != $").map(brief),
);
