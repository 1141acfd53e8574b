// Adds zxcvbn 4.4.2's own results (the npm package "zxcvbn@4.4.2", under
// Node) to corpus.jsonl, for the comparison test:
//
//	npm install --prefix /tmp/zxcvbn442 zxcvbn@4.4.2
//	NODE_PATH=/tmp/zxcvbn442/node_modules node zxcvbn442.mjs
//
// zxcvbn rates dates and years against the current year, which is recorded
// with each result.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const zxcvbn = require("zxcvbn");
const { version } = require("zxcvbn/package.json");
if (version !== "4.4.2") throw new Error(`zxcvbn ${version}, want 4.4.2`);

const file = new URL("corpus.jsonl", import.meta.url);
const year = new Date().getFullYear();
const out = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => {
  const e = JSON.parse(line);
  const r = zxcvbn(e.pw, e.user || []);
  e.js = { guesses: r.guesses, score: r.score, year, warning: r.feedback.warning, suggestions: r.feedback.suggestions };
  return JSON.stringify(e);
});
writeFileSync(file, out.join("\n") + "\n");
