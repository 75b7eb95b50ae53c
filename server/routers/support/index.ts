import { router } from "../../trpc/procedures";
import { productsRouter } from "./products";

export const supportRouter = router({
  products: productsRouter,
});
