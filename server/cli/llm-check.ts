import { formatLlmCheck, runLlmCheck } from "../concierge/llm/llm-check";
import { configOrExit } from "./bootstrap";

/**
 * npm run llm:check
 *
 * Calls the configured LLM endpoint (DEEPSEEK_BASE_URL, DEEPSEEK_MODEL, DEEPSEEK_THINKING, DEEPSEEK_API_KEY)
 * once with a tool round, as a shopper's turn would, and prints what works. Exit code 1 when something
 * fails. The key is never printed. A check costs a few hundred tokens.
 */
const config = configOrExit();
const report = await runLlmCheck(config.deepseek);
console.log(formatLlmCheck(report));
process.exitCode = report.ok ? 0 : 1;
