// The tsserver plugin's entry, `{ "name": "stackless/language-service" }`: tsserver resolves
// plugin names as plain files and folders (no package "exports"), so this folder holds a
// CommonJS index that hands over to the compiled plugin.
"use strict";
module.exports = require("../dist/language-service/plugin.js");
