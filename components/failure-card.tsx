import type { ReactNode } from "react";
import { StateHeading } from "./state-heading";
import { Card } from "./ui";

/**
 * The look of every failure card (a page that failed, one not found, a verification that
 * ended): left-aligned, the heading the size of a state's, what it is about (`about`: the
 * number), the words and a `note`, then the ways on (`actions`) below. `focus`: the heading
 * takes focus when it appears, as a new state of a page does (StateHeading); a page loaded as it
 * is needs none.
 */
export function FailureCard({
  title,
  about,
  text,
  note,
  focus = false,
  actions,
}: {
  title: ReactNode;
  about?: ReactNode;
  text: ReactNode;
  note?: ReactNode;
  focus?: boolean;
  actions: ReactNode;
}) {
  return (
    <Card className="space-y-5">
      <div className="space-y-2">
        {focus ? (
          <StateHeading>{title}</StateHeading>
        ) : (
          <h1 className="text-xl font-semibold tracking-tight text-slate-950">{title}</h1>
        )}
        {about}
        <p className="text-pretty text-slate-600">{text}</p>
        {note}
      </div>
      {actions}
    </Card>
  );
}
