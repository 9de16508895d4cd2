import { describe } from "vitest";
import { requestsContract } from "@/lib/testing/requests-contract";

describe("requests from servers, retrying clients and sloppy browsers, on SQLite", () =>
  requestsContract());
