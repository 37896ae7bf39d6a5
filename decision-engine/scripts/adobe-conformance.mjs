#!/usr/bin/env node
// Runs Adobe's conformance data against @edgewise/decision-engine/adobe (DESIGN.md, "Adobe formats"):
//   node decision-engine/scripts/adobe-conformance.mjs aep <cases.json>
//   node decision-engine/scripts/adobe-conformance.mjs target <folder with models/ and artifacts/>
// Prints a line per failure and `passed N/M` last; exits 1 on any failure, 2 when called wrongly.
const [kind, path] = process.argv.slice(2);
const runners = { aep: "./adobe/aep-runner.mjs", target: "./adobe/target-runner.mjs" };
if (!runners[kind] || !path) {
  console.error("usage: adobe-conformance.mjs aep <cases.json> | target <folder>");
  process.exit(2);
}
const { run } = await import(runners[kind]);
const { passed, total, failures } = await run(path);
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(`passed ${passed}/${total}`);
process.exitCode = passed === total ? 0 : 1;
