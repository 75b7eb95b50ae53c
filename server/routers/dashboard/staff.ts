import { z } from "zod";
import { AVATAR_COLORS, DASHBOARD_ROLES } from "../../domain/staff";
import { adminProcedure, router } from "../../trpc/procedures";
import { readProcedure, workTicketsProcedure } from "./roles";

const userId = z.string().regex(/^u_[A-Za-z0-9_-]{6,30}$/, "is not a staff id");
const displayName = z.string().trim().min(1).max(60);

/** Staff accounts: the directory for everyone; managing accounts for admins only (no CLI needed). */
export const staffRouter = router({
  /** The directory (assignment, the audit trail's names): name, role, avatar, active. */
  list: readProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) =>
    (await ctx.runtime.services.dashboardAuth.listStaff()).map((s) => ({
      userId: s.userId,
      displayName: s.displayName,
      role: s.role,
      initials: s.initials,
      avatarColor: s.avatarColor,
      active: s.active,
    })),
  ),
  /** Every account with its state (active, locked until), for the Staff page. */
  accounts: adminProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.runtime.services.dashboardAuth.accounts()),
  /** Creates an account; its generated password is in the answer, once. */
  create: adminProcedure
    .input(
      z.strictObject({
        email: z.string().trim().toLowerCase().max(254).email("must be an email address"),
        role: z.enum(DASHBOARD_ROLES),
        displayName,
      }),
    )
    .mutation(({ ctx, input }) => ctx.runtime.services.dashboardAuth.createAccount(ctx.staffUser, input)),
  update: adminProcedure
    .input(z.strictObject({ userId, role: z.enum(DASHBOARD_ROLES).optional(), displayName: displayName.optional() }))
    .mutation(({ ctx, input }) => {
      const { userId: id, ...change } = input;
      return ctx.runtime.services.dashboardAuth.updateAccount(ctx.staffUser, id, change);
    }),
  /** Deactivates (the session ends at once) or reactivates an account. */
  setActive: adminProcedure
    .input(z.strictObject({ userId, active: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.runtime.services.dashboardAuth.setActive(ctx.staffUser, input.userId, input.active)),
  /** A new generated password (in the answer, once); clears a lock and signs the account out. */
  resetPassword: adminProcedure
    .input(z.strictObject({ userId }))
    .mutation(({ ctx, input }) => ctx.runtime.services.dashboardAuth.resetPassword(ctx.staffUser, input.userId)),
});

/** Each staff member's own profile: the name and avatar shoppers see beside their replies. */
export const profileRouter = router({
  update: readProcedure
    .input(
      z.strictObject({
        displayName,
        initials: z
          .string()
          .trim()
          .max(3)
          .regex(/^\p{L}{0,3}$/u, "must be up to 3 letters")
          .optional(),
        avatarColor: z.enum(AVATAR_COLORS).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.runtime.services.dashboardAuth.updateProfile(ctx.staffUser.userId, input)),
});

/** The store's saved replies, insertable in the ticket view. */
export const cannedRepliesRouter = router({
  list: readProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.runtime.services.cannedReplies.list()),
  create: workTicketsProcedure
    .input(
      z.strictObject({
        title: z.string().trim().min(1).max(80),
        shortcut: z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z0-9-]{1,30}$/, "must be 1–30 letters, digits or -"),
        body: z.string().trim().min(1).max(4000),
      }),
    )
    .mutation(({ ctx, input }) => ctx.runtime.services.cannedReplies.create(ctx.staffUser, input)),
  delete: workTicketsProcedure
    .input(z.strictObject({ id: z.string().regex(/^cr_[A-Za-z0-9_-]{6,30}$/, "is not a saved reply id") }))
    .mutation(async ({ ctx, input }) => {
      await ctx.runtime.services.cannedReplies.delete(input.id);
      return { ok: true as const };
    }),
});
