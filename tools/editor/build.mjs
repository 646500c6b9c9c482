// Builds the page body editor into one minified script and one stylesheet,
// by default into internal/web/static (embedded in the program), or into
// the folder given as the first argument (./check builds into a temporary
// one and compares).
import { build } from "esbuild";
import path from "node:path";

const out = path.resolve(process.argv[2] || "../../internal/web/static");
const common = { bundle: true, minify: true, legalComments: "eof", logLevel: "warning", charset: "utf8" };
await build({ ...common, entryPoints: ["src/main.js"], outfile: path.join(out, "editor.js"), format: "iife", target: "es2020" });
await build({ ...common, entryPoints: ["src/editor.css"], outfile: path.join(out, "editor.css") });
