import { describe } from "vitest";
import { budgetContract } from "@/lib/testing/protection-contract";

describe("SMS and PhoneCheck budgets on SQLite", () => budgetContract());
