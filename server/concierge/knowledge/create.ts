import type { Logger } from "../../platform/logger";
import { KnowledgeService } from "./knowledge-service";
import { applyPolicyFile, builtInKnowledgeDir, loadKnowledgeDirectory } from "./load-knowledge";

/**
 * The knowledge service from configuration: the merchant's directory (CONCIERGE_KNOWLEDGE_DIR) or the
 * built-in content; a legacy CONCIERGE_POLICY_FILE still works, mapped onto its topics, with a warning.
 */
export function createKnowledgeService(options: {
  dir: string | undefined;
  policyFile: string | undefined;
  logger: Pick<Logger, "warn">;
}): KnowledgeService {
  let entries = loadKnowledgeDirectory(options.dir ?? builtInKnowledgeDir());
  if (options.policyFile) {
    entries = applyPolicyFile(entries, options.policyFile);
    options.logger.warn(
      { file: options.policyFile },
      "CONCIERGE_POLICY_FILE is deprecated: its answers replace the care, shipping, financing and returns topics. Move them to knowledge files (CONCIERGE_KNOWLEDGE_DIR, one markdown file per topic; see the README).",
    );
  }
  return new KnowledgeService(entries);
}
