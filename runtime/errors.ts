/** The stable error codes of `CoroutineError` (see SPEC "Errors"). */
export type CoroutineErrorCode =
  | "RESUMED_AFTER_COMPLETION"
  | "RESUMED_AFTER_PANIC"
  | "ALREADY_RUNNING"
  | "NOT_TRANSFORMED"
  | "NOT_SERIALIZABLE"
  | "SNAPSHOT_MISMATCH"
  | "NOT_CLONEABLE";

/** Every error that stackless itself raises. `code` is stable; the message is for people. */
export class CoroutineError extends Error {
  readonly code: CoroutineErrorCode;

  constructor(code: CoroutineErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "CoroutineError";
  }
}

/**
 * Case 1 of NOT_TRANSFORMED: a marker (coroutine, generator, future) ran as written, so no
 * stackless transformer compiled its file. Lists every setup that exists (docs/toolchains.md has
 * each in full; the package ships docs/).
 */
export function notTransformedMessage(marker: string): string {
  return (
    `${marker}() ran untransformed: no stackless transformer compiled this file. Set one up ` +
    `(every toolchain's setup: docs/toolchains.md in the stackless package): ` +
    `tsc through ts-patch (tspc) with { "transform": "stackless/transformer" } in compilerOptions.plugins ` +
    `(npx stackless init writes it); node --import stackless/register (or --require) to run .ts files; ` +
    `ts-node --compiler ts-patch/compiler; webpack's ts-loader with getCustomTransformers: "stackless/ts-loader"; ` +
    `ts-jest with astTransformers "stackless/ts-jest"; the bundler plugins stackless/vite (also Vitest), ` +
    `stackless/esbuild, stackless/rollup; for tsx, swc, Bun or TypeScript 7, npx stackless transform first.`
  );
}

/**
 * Case 2: the transformer ran and refused this body; it replaced the marker call with a call that
 * throws this, carrying the diagnostic's code, its reason and where the build reported it.
 */
export function refusedMessage(marker: string, code: number, reason: string, where: string): string {
  return (
    `${marker}() was not compiled: the stackless transformer refused this body with error ${code} at ${where} ` +
    `(${reason}), so the call throws instead of creating an instance. docs/diagnostics.md in the stackless ` +
    `package explains each code and its fix.`
  );
}

/** Case 3: a suspension marker (yield_, yield_.from, await_) ran outside any compiled body. */
export function outsideBodyMessage(suspension: string): string {
  const bodies = suspension === "await_" ? "future()" : suspension === "yield_.from" ? "generator()" : "coroutine(), generator() or future()";
  return (
    `${suspension}() ran outside a compiled body: it only works written directly in a ${bodies} body that the ` +
    `stackless transformer compiled (the build reports 70003 for one in a nested function or outside any body). ` +
    `If no transformer compiled this file at all, see docs/toolchains.md in the stackless package for every setup.`
  );
}
