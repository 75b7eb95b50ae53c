export { KnowledgeService, knowledgeTerm, type KnowledgeSearchOptions } from "./knowledge-service";
export { applyPolicyFile, builtInKnowledgeDir, loadKnowledgeDirectory, parseKnowledgeFile, POLICY_FILE_TOPICS } from "./load-knowledge";
export type { KnowledgeEntry, KnowledgeHit, KnowledgeIntent, NextStep } from "./types";
export { NEXT_STEPS } from "./types";
