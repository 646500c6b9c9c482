// Builds the page body editor into one minified script and one stylesheet,
// by default into internal/web/static (embedded in the program), or into
// the folder given as the first argument (./check builds into a temporary
// one and compares). The licences of the bundled packages are appended to
// the script, as their MIT and ISC licences ask.
import { build } from "esbuild";
import { appendFileSync, existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const out = path.resolve(process.argv[2] || "../../internal/web/static");
const common = { bundle: true, minify: true, legalComments: "none", logLevel: "warning", charset: "utf8" };
const js = path.join(out, "editor.js");
const result = await build({ ...common, entryPoints: ["src/main.js"], outfile: js, format: "iife", target: "es2020", metafile: true });
await build({ ...common, entryPoints: ["src/editor.css"], outfile: path.join(out, "editor.css") });

const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/^node_modules\/((@[^/]+\/)?[^/]+)\//);
  if (m) packages.add(m[1]);
}
let notices = "\n/*! Bundled packages and their licences:\n";
for (const name of [...packages].sort()) {
  const dir = path.join("node_modules", name);
  const { version, license } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  notices += `\n${name} ${version} (${license})\n`;
  if (file && existsSync(path.join(dir, file))) notices += readFileSync(path.join(dir, file), "utf8").replaceAll("*/", "* /").trim() + "\n";
}
appendFileSync(js, notices + "*/\n");
