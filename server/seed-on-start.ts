import type { AppConfig } from "./config";
import type { Logger } from "./platform/logger";
import type { DashboardAuthService } from "./services/dashboard-auth-service";
import type { DemoDataService } from "./services/demo-data-service";

export interface SeedOnStartDeps {
  config: Pick<AppConfig, "env" | "seedDemoData" | "bootstrapAdmin" | "dataDir">;
  storeKind: "embedded" | "mongodb";
  demoData: Pick<DemoDataService, "seedIfEmpty">;
  dashboardAuth: Pick<DashboardAuthService, "ensureAdmin" | "ensureDemoAdmin" | "hasUsers">;
  logger: Logger;
  /** Where the development demo admin's credentials are shown (the terminal). */
  announce: (text: string) => void;
}

/**
 * What a start adds to the store, and only where asked:
 *  - the demo catalog and orders when `SEED_DEMO_DATA` is on (the default in development and test on
 *    the embedded store; never by default in production or on MongoDB);
 *  - the operator's admin from `ADMIN_EMAIL` / `ADMIN_PASSWORD` (any environment; never printed);
 *  - in development only, with demo data and no account yet, a demo admin whose generated password
 *    is printed once (and kept in DATA_DIR/admin-credentials.txt, mode 0600).
 * Production never prints a password and never creates the demo admin.
 */
export async function seedOnStart(deps: SeedOnStartDeps): Promise<void> {
  const { config, logger } = deps;
  const demo = config.seedDemoData && deps.storeKind === "embedded";
  if (demo) {
    const report = await deps.demoData.seedIfEmpty();
    if (!report.skipped) logger.info({ products: report.products, orders: report.orders }, "seeded the demo catalog");
  }
  if (config.bootstrapAdmin) {
    const created = await deps.dashboardAuth.ensureAdmin(config.bootstrapAdmin.email, config.bootstrapAdmin.password);
    if (created) logger.info("created the dashboard admin named by ADMIN_EMAIL");
    return;
  }
  if (demo && config.env === "development") {
    const admin = await deps.dashboardAuth.ensureDemoAdmin(config.dataDir);
    if (admin) {
      deps.announce(
        `\nDashboard admin created — sign in at /dashboard/login\n  email:    ${admin.email}\n  password: ${admin.password}\n  (saved to ${admin.file}; shown only on this first start)\n`,
      );
    }
    return;
  }
  if (config.env === "production" && !(await deps.dashboardAuth.hasUsers())) {
    logger.warn("no dashboard account yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run user:create -- --email … --role admin`");
  }
}
