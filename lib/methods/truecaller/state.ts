import type { TruecallerFlow } from "./details";

// Where a Truecaller verification is in its flow: `provider_state`, compared and set as exact
// text, so that of two callbacks for one request one wins (lib/core/state-machine.ts).

type TruecallerStage = "waiting" | "fetching" | "done";

/** How long past the profile fetch's timeout a row may stay `fetching` before it counts as lost. */
export const FETCH_LOST_MARGIN_MS = 10_000;

export function stateText(flow: TruecallerFlow, stage: TruecallerStage): string {
  return JSON.stringify({ flow, stage });
}

export function readState(text: string | null): { flow: TruecallerFlow; stage: TruecallerStage } {
  try {
    const value = JSON.parse(text ?? "") as { flow?: string; stage?: string };
    const flow = value.flow === "deeplink" ? "deeplink" : "push";
    const stage = value.stage === "fetching" || value.stage === "done" ? value.stage : "waiting";
    return { flow, stage };
  } catch {
    return { flow: "push", stage: "done" };
  }
}
