import { describe } from "vitest";
import { storageContract } from "@/lib/testing/storage-contract";

describe("health's write probe and a database ahead of the code, on SQLite", () =>
  storageContract());
