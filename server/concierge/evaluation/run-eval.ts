/**
 * Accuracy report for the rule engine.
 *   npx tsx server/concierge/evaluation/run-eval.ts      (npm run eval:intents)
 * 1. Single utterances (understanding layer): UTTERANCES gated (intent and category/metals/price slots ≥ 90%),
 *    HOLDOUT printed.
 * 2. Multi-turn conversations through chat.send on a real runtime: CONVERSATIONS gated (≥ 90% of turns,
 *    ≥ 75% of whole conversations), CONVERSATIONS_HOLDOUT reported separately and never tuned on.
 * Exit code 1 when a gate fails.
 */
import { createTestRuntime } from "../../testing/test-runtime";
import { CONVERSATION_GATE, evaluateConversations, formatConversationReport, TURN_GATE } from "./conversation-eval";
import { CONVERSATIONS } from "./conversations";
import { CONVERSATIONS_HOLDOUT } from "./conversations-holdout";
import { evaluateIntents, failedGates, formatReport } from "./evaluate";
import { HOLDOUT } from "./holdout";
import { UTTERANCES } from "./utterances";

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

const report = evaluateIntents(UTTERANCES);
console.log(`== Single utterances: labelled set (${UTTERANCES.length}, gated) ==`);
console.log(formatReport(report));

const holdout = evaluateIntents(HOLDOUT);
console.log("");
console.log(`== Single utterances: held-out set (${HOLDOUT.length}, informational) ==`);
console.log(
  `intent ${pct(holdout.accuracy)} · category ${pct(holdout.slots.category?.accuracy ?? 1)} · metals ${pct(holdout.slots.metals?.accuracy ?? 1)} · price ${pct(holdout.slots.price?.accuracy ?? 1)}`,
);
for (const m of holdout.misses) {
  const part = m.expected === m.actual ? m.actual : `expected ${m.expected}, got ${m.actual} (${m.confidence.toFixed(2)})`;
  console.log(`  - "${m.text}": ${part}${m.slotErrors.length ? `; ${m.slotErrors.join("; ")}` : ""}`);
}

// The runtime prints the demo admin's credentials on first start: not part of this report.
const log = console.log;
console.log = () => undefined;
const t = await createTestRuntime();
console.log = log;
const conversations = await evaluateConversations(CONVERSATIONS, t);
const conversationsHoldout = await evaluateConversations(CONVERSATIONS_HOLDOUT, t);
await t.cleanup();
console.log("");
console.log(formatConversationReport(`== Conversations: tuning set (${CONVERSATIONS.length}, gated) ==`, conversations));
console.log("");
console.log(
  formatConversationReport(`== Conversations: held-out set (${CONVERSATIONS_HOLDOUT.length}, never tuned on) ==`, conversationsHoldout),
);

const failed = failedGates(report);
const turnRate = conversations.turnsOk / conversations.turns;
const conversationRate = conversations.conversationsOk / conversations.conversations;
if (turnRate < TURN_GATE) failed.push(`per-turn conversation accuracy ${pct(turnRate)} < ${pct(TURN_GATE)}`);
if (conversationRate < CONVERSATION_GATE) failed.push(`whole-conversation accuracy ${pct(conversationRate)} < ${pct(CONVERSATION_GATE)}`);
console.log("");
console.log(`Single-utterance accuracy ${pct(report.accuracy)} · per-turn ${pct(turnRate)} · whole conversations ${pct(conversationRate)}`);
if (failed.length) {
  console.log(`FAIL: ${failed.join("; ")}`);
  process.exitCode = 1;
} else {
  console.log("PASS: single utterances ≥ 90% (intent and slots), conversations ≥ 90% of turns and ≥ 75% whole");
}
