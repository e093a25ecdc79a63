/**
 * Editor-neutral services over checkFile's analysis: quick fixes, the generator conversion,
 * hover text and inlay hints, as plain data (offsets, edits, markdown) with no editor API, so the
 * tsserver plugin (language-service/) and `stackless lsp` both translate the same answers.
 */
export { findingFixesAt, missingImportFix, CANNOT_FIND_NAME_CODES } from "./fixes";
export { MARKER_EXPORTS, planImports, type ImportPlan } from "./imports";
export { hoverAt, markerHover, suspensionHover, savedLocalNames, type Hover } from "./hover";
export { stateHints, type StateHint } from "./inlay-hints";
export { CONVERT_GENERATOR_REFACTOR, generatorFunctionAt, convertGeneratorEdits, applyEdits, type GeneratorFunction } from "./convert-generator";
