import type { VerificationDto } from "@/lib/core/dto";

/**
 * What the status view (app/verify/[id]) gives each method's panel. The view polls the
 * status and re-renders the panel with every new DTO; a panel that changes the state on the
 * server (a code, a resend) calls `refresh()` afterwards.
 */
export type MethodPanelProps = {
  verification: VerificationDto;
  refresh: () => void;
};
