#!/bin/sh
# Rebuild dashboard/vendor/codemirror/dist/sql-editor.min.js, the SQL page's editor (needs node and npm;
# not part of set-up: the built file is committed, and nothing is fetched when the dashboard runs).
# The app serves it under a name with its content's hash, to the SQL page alone (dashboard/sql/editor.py).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
mkdir -p dist
npx esbuild entry.js --bundle --minify --format=iife --target=es2018 --legal-comments=none \
    --banner:js="/* The SQL page's editor: CodeMirror 6 (MIT) with @codemirror/lang-sql, sql-formatter v$(node -p "require('sql-formatter/package.json').version") (MIT); licenses in LICENSES.txt */" \
    --metafile=/tmp/sql-editor-meta.json --outfile=dist/sql-editor.min.js
# The license of every package the bundle holds (from esbuild's list of its inputs), for the committed file.
node -e '
const fs = require("fs"), path = require("path");
const lock = require("./package-lock.json").packages;
const inputs = Object.keys(require("/tmp/sql-editor-meta.json").inputs);
let out = "Licenses of the packages bundled into sql-editor.min.js\n";
for (const [where, p] of Object.entries(lock)) {
  if (!where || !inputs.some((i) => i.startsWith(where + "/"))) continue;
  const dir = path.join(__dirname, where);
  const lic = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  out += "\n==== " + where.replace(/^node_modules\//, "") + " " + p.version + " (" + (p.license || "?") + ")\n\n";
  out += lic ? fs.readFileSync(path.join(dir, lic), "utf8").trim() + "\n" : "(no license file in the package)\n";
}
fs.writeFileSync("dist/LICENSES.txt", out);
'
# The same file compressed once at the highest brotli level, served to browsers that take br (a third
# smaller than compressing it on each request at the server's level).
node -e 'const fs = require("fs"), zlib = require("zlib");
fs.writeFileSync("dist/sql-editor.min.js.br", zlib.brotliCompressSync(fs.readFileSync("dist/sql-editor.min.js"),
  { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: 600000 } }));'
