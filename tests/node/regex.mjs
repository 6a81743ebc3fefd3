// Tests strings against regular expressions as ECMA-262 engines do: with the "u" flag (ajv, and
// yaml-language-server when it can) and without it (yaml-language-server's fallback).
//
// usage: node tests/node/regex.mjs < {"patterns": [...], "strings": [...]}
// prints {"u": [[bool per string] per pattern], "plain": [...]}
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { patterns, strings } = JSON.parse(input);
const run = (flags) => patterns.map((p) => {
  const re = new RegExp(p, flags);
  return strings.map((s) => re.test(s));
});
console.log(JSON.stringify({ u: run("u"), plain: run("") }));
