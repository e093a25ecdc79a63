/**
 * The tsserver plugin `{ "name": "stackless/language-service" }` (CommonJS `module.exports =
 * init`, reached through language-service/index.js): registers stackless's fixable codes with
 * the TypeScript tsserver runs, and decorates each project's language service (./decorate.ts)
 * with the options of its tsconfig entry.
 */
import type * as TS from "typescript";
import type * as TSServer from "typescript/lib/tsserverlibrary";
import { decorate, registerFixableCodes } from "./decorate";
import { readPluginOptions, type PluginOptions } from "./options";

/** `module.exports = init` (language-service/index.js): tsserver's plugin factory. */
function init(modules: { typescript: typeof TSServer }): TSServer.server.PluginModule {
  const ts = modules.typescript as unknown as typeof TS;
  registerFixableCodes(ts);
  // tsserver makes one plugin module per project; configurePlugin requests update its options.
  let options: PluginOptions = readPluginOptions(undefined);
  return {
    create(info) {
      options = readPluginOptions(info.config);
      const logger = info.project.projectService.logger;
      const log = (message: string): void => logger.info(message);
      log("stackless: language service plugin loaded");
      return decorate(ts, info.languageService as unknown as TS.LanguageService, () => options, log) as unknown as TSServer.LanguageService;
    },
    onConfigurationChanged(config: unknown) {
      options = readPluginOptions(config);
    },
  };
}

export = init;
