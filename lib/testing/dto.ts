import type { BaseDto } from "@/lib/core/dto";

/** What every status DTO has, for a pending verification: tests add a method and its details. */
export const pendingDtoBase = {
  id: "v_1",
  phone: "+12065550199",
  phoneDisplay: "(206) 555-0199",
  status: "pending",
  reason: null,
  message: null,
  halted: false,
  displayName: null,
  expiresAt: "2030-01-01T00:00:00.000Z",
  serverTime: "2030-01-01T00:00:00.000Z",
} as const satisfies BaseDto;
