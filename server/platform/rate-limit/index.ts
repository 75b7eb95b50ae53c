export * from "./policies";
export * from "./limiter";
export { MemorySlidingWindow } from "./memory";
export { IoRedisUpstashAdapter } from "./ioredis-adapter";
export { stripLuaShebang } from "./lua";
export * from "./order-lookup-guard";
export * from "./headers";
