export * from "./core";
export * from "./sandbox-flowroute";
