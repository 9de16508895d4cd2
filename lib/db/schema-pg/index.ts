export * from "./core";
export * from "./sandbox-flowroute";
export * from "./sandbox-truecaller";
export * from "./sandbox-truid";
