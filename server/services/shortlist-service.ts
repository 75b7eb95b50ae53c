import type { Product } from "../domain/catalog";
import type { WidgetShortlistsRepository } from "../db/repositories/widget-shortlists";
import type { CatalogService } from "./catalog/catalog-service";
import { conflict, notFound } from "./errors";

export const SHORTLIST_MAX_ITEMS = 50;

/** A shopper's saved pieces, per widget session, kept 30 days after the last change. */
export class ShortlistService {
  constructor(
    private readonly shortlists: WidgetShortlistsRepository,
    private readonly catalog: CatalogService,
  ) {}

  async ids(sessionId: string): Promise<string[]> {
    return this.shortlists.get(sessionId);
  }

  async products(sessionId: string): Promise<Product[]> {
    return this.catalog.getByIds(await this.shortlists.get(sessionId));
  }

  /** Saves a piece; an unknown product or a full list is an error, never a silent no-op. */
  async add(sessionId: string, productId: string): Promise<Product[]> {
    const product = await this.catalog.getById(productId);
    if (!product) throw notFound("That piece is no longer in the catalog.");
    const result = await this.shortlists.add(sessionId, productId, SHORTLIST_MAX_ITEMS);
    if (result === "full") throw conflict(`Your shortlist is full (${SHORTLIST_MAX_ITEMS} pieces). Remove one to save another.`);
    return this.catalog.getByIds(result);
  }

  async remove(sessionId: string, productId: string): Promise<Product[]> {
    return this.catalog.getByIds(await this.shortlists.remove(sessionId, productId));
  }

  async clear(sessionId: string): Promise<void> {
    await this.shortlists.clear(sessionId);
  }
}
