import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { t } from "./init";
import { composeMiddlewares } from "./compose-middlewares";
import type { TrpcContext } from "./context";

type Scenario = "ok" | "inner-throws" | "inner-crashes" | "resolver-throws" | "short-circuit" | "outer-throws-after";

/** Three middlewares shaped like ours (observe, mapErrors/rateLimit, idempotency), logging what each sees. */
function middlewares(log: string[]) {
  const outer = t.middleware(async ({ next, path, type, input }) => {
    log.push(`outer sees ${path} ${type} input=${JSON.stringify(input)}`);
    const result = await next();
    log.push(result.ok ? `outer got ok ${JSON.stringify(result.data)}` : `outer got ${result.error.code} "${result.error.message}"`);
    if ((await Promise.resolve(log)).some((line) => line.includes("outer-throws-after")) && result.ok) {
      throw new TRPCError({ code: "CONFLICT", message: "changed my mind" });
    }
    return result;
  });
  const middle = t.middleware(async ({ next, getRawInput }) => {
    const raw = (await getRawInput()) as { scenario: Scenario };
    log.push(`middle raw=${raw.scenario}`);
    log.push(`scenario ${raw.scenario}`);
    if (raw.scenario === "inner-throws") throw new TRPCError({ code: "FORBIDDEN", message: "not you" });
    const result = await next({ ctx: { added: "by middle" } });
    log.push(result.ok ? "middle got ok" : `middle got ${result.error.code}`);
    if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
      throw new TRPCError({ code: "BAD_GATEWAY", message: "mapped", cause: result.error });
    }
    return result;
  });
  const inner = t.middleware(async ({ next, ctx, getRawInput }) => {
    const raw = (await getRawInput()) as { scenario: Scenario };
    log.push(`inner ctx.added=${String((ctx as { added?: string }).added)}`);
    if (raw.scenario === "inner-crashes") throw new Error("boom");
    if (raw.scenario === "short-circuit") return { ok: true as const, data: { replayed: true }, marker: "middlewareMarker" as never };
    return next();
  });
  return { outer, middle, inner };
}

function routerFor(way: "chained" | "composed", log: string[]) {
  const { outer, middle, inner } = middlewares(log);
  const base =
    way === "chained" ? t.procedure.use(outer).use(middle).use(inner) : t.procedure.use(composeMiddlewares(outer, middle, inner));
  return t.router({
    act: base.input(z.strictObject({ scenario: z.string() })).mutation(({ ctx, input }) => {
      log.push(`resolver ctx.added=${String((ctx as { added?: string }).added)} input=${input.scenario}`);
      if (input.scenario === "resolver-throws") throw new TRPCError({ code: "NOT_FOUND", message: "no such order" });
      return { done: input.scenario, added: (ctx as { added?: string }).added };
    }),
  });
}

async function run(way: "chained" | "composed", scenario: Scenario) {
  const log: string[] = [];
  const caller = t.createCallerFactory(routerFor(way, log))({ responseHeaders: new Headers() } as unknown as TrpcContext);
  try {
    return { value: await caller.act({ scenario }), log };
  } catch (error) {
    const e = error as TRPCError;
    return { error: { code: e.code, message: e.message, cause: (e.cause as Error | undefined)?.message }, log };
  }
}

describe("middlewares composed into one tRPC level", () => {
  it.each<Scenario>(["ok", "inner-throws", "inner-crashes", "resolver-throws", "short-circuit", "outer-throws-after"])(
    "behave as the same middlewares chained with .use(): %s",
    async (scenario) => {
      const composed = await run("composed", scenario);
      expect(composed).toEqual(await run("chained", scenario));
    },
  );

  it("what they do is what the chain promises (not only the same both ways)", async () => {
    const ok = await run("composed", "ok");
    expect(ok.value).toEqual({ done: "ok", added: "by middle" });
    expect(ok.log).toContain("inner ctx.added=by middle");
    const refused = await run("composed", "inner-throws");
    expect(refused.error).toMatchObject({ code: "FORBIDDEN", message: "not you" });
    expect(refused.log).toContain('outer got FORBIDDEN "not you"');
    const crashed = await run("composed", "inner-crashes");
    expect(crashed.error).toMatchObject({ code: "BAD_GATEWAY", message: "mapped" });
    expect(crashed.log).toContain("middle got INTERNAL_SERVER_ERROR");
  });
});
