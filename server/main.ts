import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configOrExit } from "./cli/bootstrap";
import { createServer } from "node:http";
import { createRequestListener } from "./http/app";
import { createLogger } from "./platform/logger";
import { StoreInUseError } from "./db/client";
import { IndexesNotReadyError } from "./db/indexes";
import { createRuntime } from "./runtime";

const config = configOrExit();
const logger = createLogger({ level: config.logLevel });
const runtime = await createRuntime(config, logger).catch((error: unknown) => {
  // Start-up problems an operator can fix get a sentence, not a stack.
  if (error instanceof StoreInUseError || error instanceof IndexesNotReadyError) {
    console.error(`Aurora Concierge did not start: ${error.message}`);
    process.exit(1);
  }
  throw error;
});

const BUILD_PATH = path.resolve("build/index.js");
async function importBuild(): Promise<ServerBuild> {
  const version = statSync(BUILD_PATH).mtimeMs;
  return (await import(`${pathToFileURL(BUILD_PATH).href}?v=${version}`)) as ServerBuild;
}

let build = await importBuild();
let buildMtime = statSync(BUILD_PATH).mtimeMs;
const getBuild = async () => {
  if (config.devServerOrigin) {
    const mtime = statSync(BUILD_PATH).mtimeMs;
    if (mtime !== buildMtime) {
      buildMtime = mtime;
      build = await importBuild();
      await broadcastDevReady(build, config.devServerOrigin);
    }
  }
  return build;
};

// Remix runs in production mode in every environment: in development mode it would serialise error
// messages and stacks into the pages it renders. Errors are logged with the request id instead
// (app/entry.server.tsx), which is where a developer reads them.
const server = createServer(createRequestListener({ runtime, build: config.devServerOrigin ? getBuild : build, mode: "production" }));
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info({ port, host: config.host, store: runtime.store.kind }, "listening");
  console.log(`Aurora Concierge is running at http://localhost:${port} (store: ${runtime.store.kind}, data: ${config.dataDir})`);
  if (config.devServerOrigin) void broadcastDevReady(build, config.devServerOrigin);
});

// Open SSE responses (live transcripts, streamed turns): ended at shutdown like a client disconnect;
// widgets reconnect elsewhere from their last sequence number and lose nothing.
const liveStreams = new Set<ServerResponse>();
server.on("request", (req: IncomingMessage, res: ServerResponse) => {
  if (!String(req.headers.accept ?? "").includes("text/event-stream")) return;
  liveStreams.add(res);
  res.once("close", () => liveStreams.delete(res));
});
const endStreams = (all: boolean) => {
  // A turn still being generated (chat.stream) gets a short grace period to finish.
  for (const res of liveStreams) if (all || !(res.req?.url ?? "").startsWith("/api/trpc/chat.stream")) res.destroy();
};

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  server.close();
  server.closeIdleConnections();
  endStreams(false);
  const streamsDeadline = setTimeout(() => endStreams(true), 2_000).unref();
  const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
  await new Promise<void>((resolve) => server.once("close", () => resolve()));
  clearTimeout(force);
  clearTimeout(streamsDeadline);
  await runtime.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
