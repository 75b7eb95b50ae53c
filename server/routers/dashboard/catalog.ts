import { z } from "zod";
import { router } from "../../trpc/procedures";
import { readProcedure } from "./roles";

export const catalogRouter = router({
  /** The catalog as the concierge sees it: counts, and the latest imports (npm run catalog:import). */
  overview: readProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const o = await ctx.runtime.services.catalogImport.overview();
    return {
      total: o.total,
      readyToShip: o.readyToShip,
      byCategory: o.byCategory,
      imports: o.imports.map((i) => ({
        id: i._id,
        importedAt: i.importedAt.toISOString(),
        source: i.source,
        format: i.format,
        pruned: i.pruned,
        counts: i.counts,
        mapping: i.mapping.slice(0, 50),
        skipped: i.skipped.slice(0, 50),
      })),
    };
  }),
});
