import { staffProcedureFor } from "../../trpc/procedures";

/** Who may do what in the dashboard (enforced here, for every dashboard procedure). */
export const readProcedure = staffProcedureFor(["admin", "merchandiser", "stylist", "viewer"]);
export const workTicketsProcedure = staffProcedureFor(["admin", "merchandiser", "stylist"]);
