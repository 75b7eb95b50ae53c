/**
 * A coarse description of a shopper's device for stylists ("Mobile · Safari · iOS"), from the
 * User-Agent header. Deliberately coarse: it helps a stylist ("the page looks odd on my phone") and
 * identifies nobody. Unknown parts are left out.
 */
export function describeDevice(userAgent: string | undefined | null): string | undefined {
  const ua = (userAgent ?? "").slice(0, 512);
  if (!ua) return undefined;
  const kind = /iPad|Tablet|(Android(?!.*Mobile))/i.test(ua) ? "Tablet" : /Mobi|iPhone|Android/i.test(ua) ? "Mobile" : "Desktop";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : undefined;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : undefined;
  return [kind, browser, os].filter(Boolean).join(" · ");
}
