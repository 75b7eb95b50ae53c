import { createHash } from "node:crypto";
import type { FlagConfig } from "../config";

export type FlagReason = "kill_switch" | "allow_list" | "rollout" | "outside_rollout";

export interface FlagDecision {
  enabled: boolean;
  reason: FlagReason;
  /** The visitor's sticky bucket, 0–99. */
  bucket: number;
}

/** Deterministic bucket 0–99 for a visitor: the same visitor always lands in the same bucket. */
export function bucketOf(visitorId: string): number {
  return createHash("sha256").update(`concierge-rollout:${visitorId}`).digest().readUInt32BE(0) % 100;
}

/** The concierge feature flags: kill switch, allow-list, then sticky percentage rollout. */
export class FlagsService {
  constructor(private readonly flags: FlagConfig) {}

  /** The kill switch is off (the concierge runs at all). */
  switchedOn(): boolean {
    return this.flags.enabled;
  }

  /**
   * `allowListed`: an earlier decision of this session already matched the allow-list (its email
   * came from a store identity token): the session stays in, until the kill switch.
   */
  evaluate(visitor: { visitorId: string; email?: string | undefined; allowListed?: boolean }): FlagDecision {
    const bucket = bucketOf(visitor.visitorId);
    if (!this.flags.enabled) return { enabled: false, reason: "kill_switch", bucket };
    const allowed = this.flags.allowedUsers;
    if (
      visitor.allowListed ||
      allowed.includes(visitor.visitorId.toLowerCase()) ||
      (visitor.email && allowed.includes(visitor.email.toLowerCase()))
    ) {
      return { enabled: true, reason: "allow_list", bucket };
    }
    return bucket < this.flags.rolloutPercentage
      ? { enabled: true, reason: "rollout", bucket }
      : { enabled: false, reason: "outside_rollout", bucket };
  }
}
