import type { Runtime } from "../server/runtime";

/** What server/http/app.ts hands every loader and action. */
export interface AppContext {
  runtime: Runtime;
  requestId: string;
  ip: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
