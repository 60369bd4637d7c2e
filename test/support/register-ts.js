/**
 * Lets a child process run the TypeScript sources (`node -r ./test/support/register-ts.js
 * services/identity/main.ts`), so that cross-process tests exercise the code under
 * test rather than a build of it. Each file is transpiled alone, as ts-jest does with
 * isolatedModules: no type checking, which `tsc --noEmit` does for the whole tree.
 */
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
