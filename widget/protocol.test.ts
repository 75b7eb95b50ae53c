import { describe, expect, it } from "vitest";
import {
  FRAME_PARAMS,
  HOST_TAG,
  PROTOCOL_VERSION,
  WIDGET_EVENTS,
  WIDGET_TAG,
  hostMessage,
  parseHostMessage,
  parseWidgetMessage,
  widgetMessage,
} from "./protocol";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";

/** Values that are not message objects at all. */
const NON_OBJECTS: unknown[] = [null, undefined, 0, 1, NaN, "", "open", true, false, Symbol("x"), () => ({}), [], [1, HOST_TAG, "open"]];

/** A structured-clone round trip: what postMessage really delivers. */
const cloned = <T>(value: T): T => structuredClone(value);

describe("host → widget messages", () => {
  const valid = [hostMessage.open(), hostMessage.close(), hostMessage.identify(TOKEN)];

  it("accepts exactly what the builders produce (also after structured cloning)", () => {
    for (const message of valid) {
      expect(parseHostMessage(message)).toEqual(message);
      expect(parseHostMessage(cloned(message))).toEqual(message);
    }
    expect(hostMessage.open()).toEqual({ v: PROTOCOL_VERSION, src: HOST_TAG, type: "open" });
    expect(hostMessage.identify(TOKEN)).toEqual({ v: 1, src: HOST_TAG, type: "identify", token: TOKEN });
  });

  it("rejects non-objects, arrays and null", () => {
    for (const value of NON_OBJECTS) expect(parseHostMessage(value)).toBeNull();
    expect(parseHostMessage(Object.values(hostMessage.open()))).toBeNull();
  });

  it("rejects extra keys", () => {
    for (const message of valid) expect(parseHostMessage({ ...message, extra: 1 })).toBeNull();
    expect(parseHostMessage({ ...hostMessage.open(), token: TOKEN })).toBeNull();
  });

  it("rejects missing keys", () => {
    expect(parseHostMessage({ v: 1, src: HOST_TAG })).toBeNull();
    expect(parseHostMessage({ v: 1, type: "open" })).toBeNull();
    expect(parseHostMessage({ src: HOST_TAG, type: "open" })).toBeNull();
    expect(parseHostMessage({ v: 1, src: HOST_TAG, type: "identify" })).toBeNull();
  });

  it("rejects a wrong version, tag or type", () => {
    for (const v of [0, 2, "1", null, undefined]) expect(parseHostMessage({ ...hostMessage.open(), v })).toBeNull();
    for (const src of [WIDGET_TAG, "aurora", "", null]) expect(parseHostMessage({ ...hostMessage.open(), src })).toBeNull();
    for (const type of ["ready", "event", "OPEN", "", null, 1]) expect(parseHostMessage({ ...hostMessage.open(), type })).toBeNull();
    // the other direction's messages are not host messages
    expect(parseHostMessage(widgetMessage.close())).toBeNull();
    expect(parseHostMessage(widgetMessage.ready())).toBeNull();
  });

  it("rejects bad identify tokens", () => {
    const bad: unknown[] = [
      "",
      "short",
      "has space in it",
      "ünïcödé-token",
      "a".repeat(4097),
      "tok<script>en1",
      12345678901,
      null,
      { t: TOKEN },
    ];
    for (const token of bad) expect(parseHostMessage({ v: 1, src: HOST_TAG, type: "identify", token })).toBeNull();
    expect(parseHostMessage(hostMessage.identify("a".repeat(10)))).not.toBeNull();
    expect(parseHostMessage(hostMessage.identify("a".repeat(4096)))).not.toBeNull();
    expect(parseHostMessage(hostMessage.identify("a".repeat(9)))).toBeNull();
  });
});

describe("widget → host messages", () => {
  const valid = [
    widgetMessage.ready(),
    widgetMessage.close(),
    // the frame's events (open, close and ready are the loader's own: see below)
    ...WIDGET_EVENTS.slice(3).map((name) => widgetMessage.event(name)),
    widgetMessage.event("unread", 0),
    widgetMessage.event("unread", 3),
  ];

  it("accepts exactly what the builders produce (also after structured cloning)", () => {
    for (const message of valid) {
      expect(parseWidgetMessage(message)).toEqual(message);
      expect(parseWidgetMessage(cloned(message))).toEqual(message);
    }
    expect(widgetMessage.event("message")).toEqual({ v: 1, src: WIDGET_TAG, type: "event", name: "message" });
    expect(widgetMessage.event("unread", 2)).toEqual({ v: 1, src: WIDGET_TAG, type: "event", name: "unread", count: 2 });
  });

  it("rejects non-objects, arrays and null", () => {
    for (const value of NON_OBJECTS) expect(parseWidgetMessage(value)).toBeNull();
  });

  it("rejects extra keys", () => {
    for (const message of valid) expect(parseWidgetMessage({ ...message, extra: true })).toBeNull();
    expect(parseWidgetMessage({ ...widgetMessage.ready(), name: "open" })).toBeNull();
    expect(parseWidgetMessage({ ...widgetMessage.close(), count: 1 })).toBeNull();
  });

  it("rejects a wrong version, tag or type", () => {
    for (const v of [0, 2, "1", null]) expect(parseWidgetMessage({ ...widgetMessage.ready(), v })).toBeNull();
    for (const src of [HOST_TAG, "", null]) expect(parseWidgetMessage({ ...widgetMessage.ready(), src })).toBeNull();
    for (const type of ["open", "identify", "READY", "", null]) expect(parseWidgetMessage({ ...widgetMessage.ready(), type })).toBeNull();
    expect(parseWidgetMessage(hostMessage.close())).toBeNull();
    expect(parseWidgetMessage(hostMessage.open())).toBeNull();
  });

  it("rejects unknown event names and bad counts", () => {
    for (const name of ["", "Open", "toString", "__proto__", "constructor", 1, null, undefined]) {
      expect(parseWidgetMessage({ v: 1, src: WIDGET_TAG, type: "event", name })).toBeNull();
    }
    for (const count of [-1, 1.5, NaN, Infinity, "2", null]) {
      expect(parseWidgetMessage({ v: 1, src: WIDGET_TAG, type: "event", name: "unread", count })).toBeNull();
    }
    // the loader's own events echoed by a frame are dropped (on() must never fire twice)
    for (const name of ["open", "close", "ready"] as const) expect(parseWidgetMessage(widgetMessage.event(name))).toBeNull();
    // an explicit `count: undefined` is a fifth key, not an absent one
    expect(parseWidgetMessage({ v: 1, src: WIDGET_TAG, type: "event", name: "unread", count: undefined })).toBeNull();
  });
});

describe("frame URL parameters", () => {
  it("carry no token and no personal data", () => {
    // `page` is the store page's path only (the loader sends location.pathname: never its query string or hash).
    expect(FRAME_PARAMS).toEqual({ hostOrigin: "host", visitorId: "vid", color: "color", greeting: "greeting", page: "page" });
  });
});
