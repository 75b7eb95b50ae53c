/** Dashboard roles: admins manage accounts; admins, merchandisers and stylists work tickets; viewers read. */
export const DASHBOARD_ROLES = ["admin", "merchandiser", "stylist", "viewer"] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

/**
 * How a stylist appears to shoppers: a display name and an avatar (initials on a colour). The colours
 * all carry white initials at a contrast of at least 5:1, so any choice passes WCAG AA in light and dark.
 */
export const AVATAR_COLORS = ["#7a4b12", "#1f4e79", "#2f6b3a", "#8a2a4a", "#5b3f8c", "#0f5f66", "#a23b12", "#374151"] as const;
export type AvatarColor = (typeof AVATAR_COLORS)[number];

/** "Ava Chen" → "AC", "marcus" → "M", "  " → "?" (letters of any script, at most two). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0] ?? "");
  const initials = letters.join("").toUpperCase();
  return initials || "?";
}

/** A stable colour for someone who has not picked one (from their id). */
export function defaultAvatarColor(id: string): AvatarColor {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length]!;
}
