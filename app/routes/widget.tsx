import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orderNumberExampleFor } from "../../server/domain/orders";
import { FRAME_PARAMS } from "../../widget/protocol";
import { WidgetApp } from "../components/widget/WidgetApp";
import { isBrandColor, widgetTheme } from "../lib/widget/theme";
import widgetStylesHref from "../styles/widget.css";

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The http(s) origin of a URL, or null. */
function originOf(value: string | null | undefined): string | null {
  if (!value || value.length > 300) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The concierge iframe page. It renders while the concierge is switched on, embedded by an allowed
 * store origin; otherwise it is an empty page that says nothing about why. Who may chat (rollout,
 * allow-list by visitor or by a signed-in shopper's email) is decided by session.start — the frame
 * may learn the shopper's identity only after it loads — and enforced on every procedure.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { config, services } = context.runtime;
  const appOrigins = [url.origin, originOf(config.appOrigin)].filter((o): o is string => o !== null);
  const storeOrigins = config.allowedOrigins.map(originOf).filter((o): o is string => o !== null);
  const allowed = [...new Set([...appOrigins, ...storeOrigins])];
  const headers = {
    "Content-Security-Policy": `frame-ancestors ${allowed.join(" ")}`,
    "Cache-Control": "no-store",
  };
  const host = url.searchParams.get(FRAME_PARAMS.hostOrigin);
  // Exactly an origin (no path, no trailing slash) and one of the allowed ones.
  const hostOrigin = originOf(host) === host ? host : null;
  const visitorId = url.searchParams.get(FRAME_PARAMS.visitorId) ?? "";
  const hostAllowed = hostOrigin !== null && allowed.includes(hostOrigin);
  const enabled = hostAllowed && VISITOR_ID.test(visitorId) && services.flags.switchedOn();
  if (!enabled || !hostOrigin) return json({ enabled: false as const }, { headers });
  // The script tag's data-color / data-greeting (already checked by the loader; checked again here),
  // else the store's configuration.
  const color = url.searchParams.get(FRAME_PARAMS.color);
  const greeting = url.searchParams.get(FRAME_PARAMS.greeting)?.trim().slice(0, 300) || undefined;
  // The store page the panel is on: a path only (the loader sends no query string), for the stylist's view.
  const pageParam = url.searchParams.get(FRAME_PARAMS.page) ?? "";
  const page = /^\/[^\s?#]{0,299}$/.test(pageParam) ? pageParam : undefined;
  const theme = widgetTheme(isBrandColor(color) ? color : config.widget.brandColor);
  const orderExample = orderNumberExampleFor(config.orderNumbers);
  return json(
    { enabled: true as const, storeName: config.storeName, hostOrigin, visitorId, themeVars: theme.vars, greeting, orderExample, page },
    { headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Content-Security-Policy": loaderHeaders.get("Content-Security-Policy") ?? "frame-ancestors 'self'",
  "Cache-Control": "no-store",
});

export const links: LinksFunction = () => [{ rel: "stylesheet", href: widgetStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.enabled ? `${data.storeName} concierge` : "Concierge" },
  { name: "robots", content: "noindex" },
];

export default function WidgetRoute() {
  const data = useLoaderData<typeof loader>();
  if (!data.enabled) return null;
  return (
    <WidgetApp
      storeName={data.storeName}
      hostOrigin={data.hostOrigin}
      visitorId={data.visitorId}
      themeVars={data.themeVars}
      greeting={data.greeting}
      orderExample={data.orderExample}
      page={data.page}
    />
  );
}
