import type { AppConfig } from "./config";
import { connectStore, type Store } from "./db/client";
import { applyIndexes } from "./db/indexes";
import { createRepositories, type Repositories } from "./db/repositories";
import { FieldCrypto } from "./platform/crypto";
import type { Logger } from "./platform/logger";
import { createWidgetSessionTokens } from "./platform/tokens";
import { CatalogService } from "./services/catalog/catalog-service";
import { DemoDataService } from "./services/demo-data-service";
import { HealthService } from "./services/health-service";
import { OrdersService } from "./services/orders-service";

/**
 * Everything stateful the app owns, built once per process and handed to Remix loaders and tRPC
 * procedures through context (route modules hold no state of their own).
 */
export interface Runtime {
  config: Readonly<AppConfig>;
  logger: Logger;
  store: Store;
  repositories: Repositories;
  crypto: FieldCrypto;
  sessionTokens: ReturnType<typeof createWidgetSessionTokens>;
  services: {
    catalog: CatalogService;
    orders: OrdersService;
    health: HealthService;
    demoData: DemoDataService;
  };
  close(): Promise<void>;
}

export async function createRuntime(config: Readonly<AppConfig>, logger: Logger): Promise<Runtime> {
  const store = await connectStore({
    mongodbUri: config.mongodb?.uri,
    mongodbDbName: config.mongodb?.dbName,
    dataDir: config.dataDir,
    logger,
  });
  await applyIndexes(store.db);
  const repositories = createRepositories(store.db);
  const crypto = new FieldCrypto(config.secrets.encryptionKey);
  const catalog = new CatalogService(repositories.products);
  const orders = new OrdersService(repositories.orders, crypto);
  const services = {
    catalog,
    orders,
    health: new HealthService(() => store.ping()),
    demoData: new DemoDataService(catalog, orders),
  };
  const runtime: Runtime = {
    config,
    logger,
    store,
    repositories,
    crypto,
    sessionTokens: createWidgetSessionTokens(config.secrets.jwtSecret),
    services,
    close: () => store.close(),
  };
  if (config.seedDemoData && store.kind === "embedded") {
    const report = await services.demoData.seedIfEmpty();
    if (!report.skipped) logger.info({ products: report.products, orders: report.orders }, "seeded the demo catalog");
  }
  return runtime;
}
