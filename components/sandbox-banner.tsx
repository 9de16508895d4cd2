"use client";

import { usePathname } from "next/navigation";
import { useI18n } from "./i18n";
import { simulatedPhoneHref, usePhoneInPlay } from "./phone-in-play";

/**
 * Says on every page that nothing real happens, and opens the simulated phone on the number
 * (except on the simulated phone's own page, where the link would lead where one is).
 */
export function SandboxBanner() {
  const { t } = useI18n();
  const phone = usePhoneInPlay();
  const onThePhone = usePathname() === "/sandbox";
  return (
    <div className="bg-amber-100 text-sm text-amber-950">
      <p className="mx-auto max-w-5xl px-4 py-2 text-center">
        {t.app.sandbox}
        {!onThePhone && " "}
        {!onThePhone && (
          <a
            href={simulatedPhoneHref(phone)}
            target="_blank"
            rel="noopener"
            // py-3.5: tapped by a finger, 44 px tall, the banner no taller (padding of an
            // inline box widens where it can be tapped, not its line).
            className="py-3.5 font-semibold whitespace-nowrap underline underline-offset-2"
            data-testid="sandbox-banner-link"
          >
            {t.app.openPhone}
            <span className="sr-only"> {t.app.newTab}</span>
          </a>
        )}
      </p>
    </div>
  );
}
