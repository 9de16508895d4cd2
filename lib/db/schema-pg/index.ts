export * from "./core";
export * from "@/lib/methods/sms/emulator/tables.pg";
export * from "@/lib/methods/truecaller/emulator/tables.pg";
export * from "@/lib/methods/phonecheck/emulator/tables.pg";
