import { createCallerFactory, router } from "../trpc/procedures";
import { supportRouter } from "./support";

export const appRouter = router({
  support: supportRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
