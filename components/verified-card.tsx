import type { BaseDto } from "@/lib/core/dto";
import { Card } from "./ui";

/** The green tick of every success. */
export function SuccessMark() {
  return (
    <div
      className="mx-auto flex size-12 items-center justify-center rounded-full bg-emerald-100 text-2xl text-emerald-700"
      aria-hidden
    >
      ✓
    </div>
  );
}

/** The success page every method ends on. */
export function VerifiedCard({ verification }: { verification: BaseDto }) {
  return (
    <Card className="space-y-3 text-center">
      <SuccessMark />
      <h1 className="text-2xl font-semibold">
        {verification.displayName ? `Welcome, ${verification.displayName}` : "Number verified"}
      </h1>
      <p className="text-slate-600">
        <span className="font-medium text-slate-900" data-testid="verified-phone">
          {verification.phoneDisplay}
        </span>{" "}
        is verified as yours.
      </p>
    </Card>
  );
}
