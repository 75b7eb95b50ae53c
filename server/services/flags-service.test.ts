import { describe, expect, it } from "vitest";
import { bucketOf, FlagsService } from "./flags-service";

describe("FlagsService", () => {
  it("is sticky: the same visitor always gets the same decision", () => {
    const flags = new FlagsService({ enabled: true, rolloutPercentage: 50, allowedUsers: [] });
    for (const id of ["v-1", "v-2", "visitor-abc"]) {
      const first = flags.evaluate({ visitorId: id });
      for (let i = 0; i < 5; i++) expect(flags.evaluate({ visitorId: id })).toEqual(first);
    }
  });

  it("rolls out to roughly the configured share of visitors", () => {
    const flags = new FlagsService({ enabled: true, rolloutPercentage: 30, allowedUsers: [] });
    const on = Array.from({ length: 4000 }, (_, i) => flags.evaluate({ visitorId: `v${i}` })).filter((d) => d.enabled).length;
    expect(on / 4000).toBeGreaterThan(0.26);
    expect(on / 4000).toBeLessThan(0.34);
  });

  it("honours the kill switch over everything, and the allow-list over the rollout", () => {
    const off = new FlagsService({ enabled: false, rolloutPercentage: 100, allowedUsers: ["beta1@example.com"] });
    expect(off.evaluate({ visitorId: "x", email: "beta1@example.com" })).toMatchObject({ enabled: false, reason: "kill_switch" });
    const zero = new FlagsService({ enabled: true, rolloutPercentage: 0, allowedUsers: ["beta1@example.com", "vip-visitor"] });
    expect(zero.evaluate({ visitorId: "x" })).toMatchObject({ enabled: false, reason: "outside_rollout" });
    expect(zero.evaluate({ visitorId: "x", email: "Beta1@Example.com" })).toMatchObject({ enabled: true, reason: "allow_list" });
    expect(zero.evaluate({ visitorId: "vip-visitor" })).toMatchObject({ enabled: true, reason: "allow_list" });
  });

  it("buckets into 0–99", () => {
    for (let i = 0; i < 200; i++) {
      const b = bucketOf(`id-${i}`);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(100);
    }
  });
});
