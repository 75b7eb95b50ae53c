import { router } from "../../trpc/procedures";
import { catalogRouter } from "./catalog";
import { analyticsRouter, conversationsRouter, csatRouter } from "./insights";
import { readProcedure } from "./roles";
import { ticketsRouter } from "./tickets";
import { cannedRepliesRouter, profileRouter, staffRouter } from "./staff";
import { z } from "zod";

export const dashboardRouter = router({
  tickets: ticketsRouter,
  csat: csatRouter,
  analytics: analyticsRouter,
  conversations: conversationsRouter,
  catalog: catalogRouter,
  /** Staff directory (everyone) and account management (admins). */
  staff: staffRouter,
  /** The signed-in staff member's own profile (name, avatar). */
  profile: profileRouter,
  /** Saved replies for the ticket view. */
  cannedReplies: cannedRepliesRouter,
  /** Who is signed in. */
  me: readProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.staffUser),
});
