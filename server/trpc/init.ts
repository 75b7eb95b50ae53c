import { initTRPC } from "@trpc/server";
import { ZodError } from "zod";
import type { TrpcContext } from "./context";
import { describeZodError } from "./error-mapping";

/**
 * tRPC instance. The error formatter is the outward half of the error seam: input errors become
 * one readable message plus a list of issues; internal errors never expose their cause.
 */
export const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (error.code === "BAD_REQUEST" && cause instanceof ZodError) {
      const described = describeZodError(cause);
      return {
        ...shape,
        message: described.message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, issues: described.issues },
      };
    }
    const { stack: _stack, ...data } = shape.data;
    if (error.code === "INTERNAL_SERVER_ERROR") {
      return { ...shape, message: "Something went wrong on our side.", data };
    }
    return { ...shape, data };
  },
});
