import { buildDemoCatalog } from "../db/seed/demo-catalog";
import { buildDemoOrders } from "../db/seed/demo-orders";
import type { CatalogService } from "./catalog/catalog-service";
import type { OrdersService } from "./orders-service";

export interface SeedReport {
  products: number;
  orders: number;
  skipped: boolean;
}

/** Loads the GlowGlitch demo catalog and orders. */
export class DemoDataService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly orders: OrdersService,
  ) {}

  /** Seeds when the catalog is empty (first start of an empty store). */
  async seedIfEmpty(now = new Date()): Promise<SeedReport> {
    if ((await this.catalog.count()) > 0) return { products: 0, orders: 0, skipped: true };
    return this.seed(now);
  }

  /** Writes (or refreshes) the demo data; idempotent by product id and order number. */
  async seed(now = new Date()): Promise<SeedReport> {
    const products = buildDemoCatalog();
    await this.catalog.upsertProducts(products);
    const orders = await this.orders.importOrders(buildDemoOrders(now), now);
    return { products: products.length, orders, skipped: false };
  }
}
