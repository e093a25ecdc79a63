/** The stable error codes of `CoroutineError` (see SPEC "Errors"). */
export type CoroutineErrorCode =
  | "RESUMED_AFTER_COMPLETION"
  | "RESUMED_AFTER_PANIC"
  | "ALREADY_RUNNING"
  | "NOT_TRANSFORMED"
  | "NOT_SERIALIZABLE"
  | "SNAPSHOT_MISMATCH";

/** Every error that stackless itself raises. `code` is stable; the message is for people. */
export class CoroutineError extends Error {
  readonly code: CoroutineErrorCode;

  constructor(code: CoroutineErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "CoroutineError";
  }
}

/** The message a marker throws when it reaches run time without the transformer having replaced it. */
export function notTransformedMessage(marker: string): string {
  return (
    `${marker}() ran untransformed: stackless markers must be compiled by the stackless transformer. ` +
    `Add { "transform": "stackless/transformer" } to compilerOptions.plugins in tsconfig.json and build with ` +
    `ts-patch's tspc (or pass transformer() to getCustomTransformers in ts-loader / ts-jest, ` +
    `or run with node --import stackless/register). If the build reported stackless error 70007, ` +
    `the body uses a construct the transformer cannot compile yet.`
  );
}
