/**
 * Accuracy report for the rule engine's understanding layer.
 *   npx tsx server/concierge/evaluation/run-eval.ts      (npm run eval:intents)
 * Gated set: UTTERANCES. Exit code 1 when its intent accuracy or its category/metals/price slot accuracy is
 * below 90%. The held-out set (HOLDOUT) is printed for information and not gated.
 */
import { evaluateIntents, failedGates, formatReport } from "./evaluate";
import { HOLDOUT } from "./holdout";
import { UTTERANCES } from "./utterances";

const report = evaluateIntents(UTTERANCES);
console.log(`== Labelled set (${UTTERANCES.length} utterances, gated) ==`);
console.log(formatReport(report));

const holdout = evaluateIntents(HOLDOUT);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
console.log("");
console.log(`== Held-out set (${HOLDOUT.length} utterances, informational) ==`);
console.log(
  `intent ${pct(holdout.accuracy)} · category ${pct(holdout.slots.category?.accuracy ?? 1)} · metals ${pct(holdout.slots.metals?.accuracy ?? 1)} · price ${pct(holdout.slots.price?.accuracy ?? 1)}`,
);
for (const m of holdout.misses) {
  const part = m.expected === m.actual ? m.actual : `expected ${m.expected}, got ${m.actual} (${m.confidence.toFixed(2)})`;
  console.log(`  - "${m.text}": ${part}${m.slotErrors.length ? `; ${m.slotErrors.join("; ")}` : ""}`);
}

const failed = failedGates(report);
console.log("");
if (failed.length) {
  console.log(`FAIL: ${failed.join("; ")}`);
  process.exitCode = 1;
} else {
  console.log("PASS: intent accuracy and category/metals/price slot accuracy are all ≥ 90% on the labelled set");
}
