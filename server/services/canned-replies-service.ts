import { randomBytes } from "node:crypto";
import { isDuplicateKeyError } from "../db/errors";
import type { CannedRepliesRepository, CannedReplyDoc } from "../db/repositories/canned-replies";
import type { StaffUser } from "./dashboard-auth-service";
import { conflict, notFound } from "./errors";

export interface CannedReply {
  id: string;
  title: string;
  shortcut: string;
  body: string;
  createdBy: string;
  updatedAt: string;
}

const toView = (d: CannedReplyDoc): CannedReply => ({
  id: d._id,
  title: d.title,
  shortcut: d.shortcut,
  body: d.body,
  createdBy: d.createdBy,
  updatedAt: d.updatedAt.toISOString(),
});

/** The store's saved replies: stylists insert them in the ticket view by shortcut ("/sizes" then Tab) or from a list. */
export class CannedRepliesService {
  constructor(private readonly replies: CannedRepliesRepository) {}

  async list(): Promise<CannedReply[]> {
    return (await this.replies.list()).map(toView);
  }

  async create(staff: StaffUser, input: { title: string; shortcut: string; body: string }, now = new Date()): Promise<CannedReply> {
    const doc: CannedReplyDoc = {
      _id: `cr_${randomBytes(9).toString("base64url")}`,
      title: input.title.trim(),
      shortcut: input.shortcut.trim().toLowerCase(),
      body: input.body.trim(),
      createdBy: staff.userId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.replies.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict(`The shortcut /${doc.shortcut} is taken: choose another.`);
      throw error;
    }
    return toView(doc);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.replies.delete(id))) throw notFound("No saved reply with that id.");
  }
}
