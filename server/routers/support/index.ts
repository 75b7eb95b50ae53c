import { router } from "../../trpc/procedures";
import { csatRouter } from "./csat";
import { orderUpdatesRouter } from "./order-updates";
import { ordersRouter } from "./orders";
import { productsRouter } from "./products";
import { returnsRouter } from "./returns";
import { shortlistRouter } from "./shortlist";
import { stylistRouter } from "./stylist";

export const supportRouter = router({
  products: productsRouter,
  orders: ordersRouter,
  returns: returnsRouter,
  stylist: stylistRouter,
  csat: csatRouter,
  shortlist: shortlistRouter,
  orderUpdates: orderUpdatesRouter,
});
