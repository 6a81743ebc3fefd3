// Compiles a JSON Schema with Ajv 8 in strict mode, as SchemaStore's checks and editors' validators
// do (ajv-formats for "format"), then validates documents with it.
//
// usage: node tests/node/ajv.mjs NODE_MODULES < {"schema": {...}, "documents": [...]}
// prints {"error": null | "compile error message", "valid": [true, false, ...]}
import { createRequire } from "node:module";
import { join } from "node:path";

const [modules] = process.argv.slice(2);
const require = createRequire(join(modules, "noop.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { schema, documents } = JSON.parse(input);

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(schema);
} catch (error) {
  console.log(JSON.stringify({ error: String(error.message), valid: [] }));
  process.exit(0);
}
console.log(JSON.stringify({ error: null, valid: documents.map((d) => validate(d)) }));
