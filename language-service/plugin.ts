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
import { stacklessPluginEntries } from "../analysis/suppression";

/** `module.exports = init` (language-service/index.js): tsserver's plugin factory. */
function init(modules: { typescript: typeof TSServer }): TSServer.server.PluginModule {
  const ts = modules.typescript as unknown as typeof TS;
  registerFixableCodes(ts);
  // tsserver makes one plugin module per project; configurePlugin requests update its options.
  let configured: unknown;
  return {
    create(info) {
      configured = info.config;
      const logger = info.project.projectService.logger;
      const log = (message: string): void => logger.info(message);
      log("stackless: language service plugin loaded");
      // The project's plugin entries (the build's carry severity too) change with its tsconfig,
      // without a new plugin: read again when they or this plugin's configuration change.
      let read: { plugins: unknown; configured: unknown; options: PluginOptions } | undefined;
      const options = (): PluginOptions => {
        const plugins = info.project.getCompilerOptions().plugins;
        if (!read || read.plugins !== plugins || read.configured !== configured) {
          read = { plugins, configured, options: readPluginOptions(configured, stacklessPluginEntries(plugins)) };
        }
        return read.options;
      };
      return decorate(ts, info.languageService as unknown as TS.LanguageService, options, log) as unknown as TSServer.LanguageService;
    },
    onConfigurationChanged(config: unknown) {
      configured = config;
    },
  };
}

export = init;
