import type { AppContext } from "../server/http/remix-context";

/** What server/http/app.ts hands every loader and action (see server/http/remix-context.ts). */
declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}

export type { AppContext };
