/**
 * The multi-turn conversation sets through the LLM engine.
 *   npm run eval:llm                          scripted model on the test server, or the real API when DEEPSEEK_API_KEY is set
 *   npm run eval:llm -- --mode scripted       always the scripted model (CI)
 *   npm run eval:llm -- --thinking enabled    DeepSeek's thinking mode (default: DEEPSEEK_THINKING)
 *   npm run eval:llm -- --set tuning|holdout|all --concurrency 6
 * Reports per-turn and whole-conversation accuracy, fallbacks by reason, guard hits by reason, p50/p95 time to
 * the first token and the cost (usage × DEEPSEEK_PRICE_*). Informational: no gate (the rules keep theirs).
 */
import { parseArgs } from "node:util";
import { getConfig } from "../../config";
import type { LlmTurnOutcome } from "../llm/engine";
import { createMetrics } from "../../platform/metrics";
import { startOpenAiTestServer, type OpenAiTestServer } from "../../testing/openai-test-server";
import { scriptedModel } from "../../testing/scripted-model";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { evaluateConversations, formatConversationReport } from "./conversation-eval";
import { CONVERSATIONS } from "./conversations";
import { CONVERSATIONS_HOLDOUT } from "./conversations-holdout";
import { summariseLlmRun, formatLlmSummary } from "./llm-eval-report";

const { values } = parseArgs({
  options: {
    mode: { type: "string" },
    thinking: { type: "string" },
    set: { type: "string", default: "all" },
    concurrency: { type: "string", default: "6" },
  },
  strict: true,
});
const config = getConfig();
const mode = values.mode ?? (config.deepseek.apiKey ? "live" : "scripted");
if (mode !== "scripted" && mode !== "live") throw new Error("--mode must be scripted or live");
if (mode === "live" && !config.deepseek.apiKey) throw new Error("--mode live needs DEEPSEEK_API_KEY");
const thinking = (values.thinking ?? config.deepseek.thinking) as "enabled" | "disabled";
if (thinking !== "enabled" && thinking !== "disabled") throw new Error("--thinking must be enabled or disabled");
const concurrency = Math.max(1, Number(values.concurrency) || 1);

const outcomes: LlmTurnOutcome[] = [];
const metrics = createMetrics();
let server: OpenAiTestServer | undefined;
let t: TestRuntime;
// The runtime prints the demo admin's credentials on first start: not part of this report.
const log = console.log;
console.log = () => undefined;
if (mode === "scripted") {
  server = await startOpenAiTestServer({ responder: scriptedModel() });
  t = await createTestRuntime(
    { DEEPSEEK_API_KEY: "scripted", DEEPSEEK_BASE_URL: server.baseURL, DEEPSEEK_THINKING: thinking, RATE_LIMIT_ENABLED: "false" },
    {},
    { metrics, onLlmTurn: (o) => outcomes.push(o) },
  );
} else {
  t = await createTestRuntime(
    { RATE_LIMIT_ENABLED: "false" },
    { deepseek: { ...config.deepseek, thinking } },
    { metrics, onLlmTurn: (o) => outcomes.push(o) },
  );
}
console.log = log;

const sets = [
  ...(values.set === "all" || values.set === "tuning" ? [{ title: "tuning set", cases: CONVERSATIONS }] : []),
  ...(values.set === "all" || values.set === "holdout" ? [{ title: "held-out set", cases: CONVERSATIONS_HOLDOUT }] : []),
];
const started = Date.now();
console.log(
  `eval:llm — ${mode === "scripted" ? "scripted model on the OpenAI-compatible test server (simulated latency)" : `live API ${config.deepseek.baseUrl}`} · model ${config.deepseek.model} · thinking ${thinking}`,
);
let turns = 0;
for (const set of sets) {
  const report = await evaluateConversations(set.cases, t, { concurrency });
  turns += report.turns;
  console.log("");
  console.log(formatConversationReport(`== Conversations through the LLM engine: ${set.title} (${set.cases.length}) ==`, report));
}
console.log("");
console.log(formatLlmSummary(await summariseLlmRun(outcomes, metrics, turns)));
console.log(`(${Math.round((Date.now() - started) / 1000)} s)`);
await t.cleanup();
await server?.close();
