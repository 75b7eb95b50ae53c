import { createCallerFactory, router } from "../trpc/procedures";
import { chatRouter } from "./chat";
import { dashboardRouter } from "./dashboard";
import { sessionRouter } from "./session";
import { supportRouter } from "./support";

export const appRouter = router({
  session: sessionRouter,
  chat: chatRouter,
  support: supportRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
