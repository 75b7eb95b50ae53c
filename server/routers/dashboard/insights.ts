import { z } from "zod";
import { INTENTS } from "../../domain/intents";
import { router } from "../../trpc/procedures";
import { WINDOWS } from "../../services/insights-service";
import { readProcedure } from "./roles";

const windowDays = z.union(WINDOWS.map((d) => z.literal(d)) as [z.ZodLiteral<7>, z.ZodLiteral<30>, z.ZodLiteral<90>]);

export const csatRouter = router({
  summary: readProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.runtime.services.insights.csatSummary()),
  list: readProcedure
    .input(
      z.strictObject({
        days: windowDays.default(30),
        page: z.number().int().min(0).max(10_000).default(0),
        pageSize: z.number().int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => ctx.runtime.services.insights.csatList(input.days, input.page, input.pageSize)),
});

export const analyticsRouter = router({
  summary: readProcedure
    .input(z.strictObject({ days: windowDays.default(30) }))
    .query(({ ctx, input }) => ctx.runtime.services.insights.analyticsSummary(input.days)),
});

export const conversationsRouter = router({
  list: readProcedure
    .input(
      z.strictObject({
        intent: z.enum(INTENTS).optional(),
        handoff: z.boolean().optional(),
        csat: z.enum(["low", "high", "none"]).optional(),
        since: z.iso.date().optional(),
        until: z.iso.date().optional(),
        page: z.number().int().min(0).max(10_000).default(0),
        pageSize: z.number().int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => ctx.runtime.services.dashboardConversations.list(input)),
  get: readProcedure
    .input(z.strictObject({ id: z.string().regex(/^conv_[A-Za-z0-9_-]{10,40}$/, "is not a conversation id") }))
    .query(({ ctx, input }) => ctx.runtime.services.dashboardConversations.get(input.id)),
});
