import { router } from "../../trpc/procedures";
import { catalogRouter } from "./catalog";
import { analyticsRouter, conversationsRouter, csatRouter } from "./insights";
import { readProcedure } from "./roles";
import { ticketsRouter } from "./tickets";
import { z } from "zod";

export const dashboardRouter = router({
  tickets: ticketsRouter,
  csat: csatRouter,
  analytics: analyticsRouter,
  conversations: conversationsRouter,
  catalog: catalogRouter,
  /** Staff directory (for assignment). */
  staff: readProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.runtime.services.dashboardAuth.listStaff()),
  /** Who is signed in. */
  me: readProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.staffUser),
});
