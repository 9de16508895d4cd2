"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Countdown } from "@/components/countdown";
import { useI18n } from "@/components/i18n";
import { PhoneNumber } from "@/components/phone-number";
import { Rich } from "@/components/rich";
import { SimulatedPhoneNote } from "@/components/shared-links";
import { StateHeading } from "@/components/state-heading";
import { Spinner } from "@/components/ui";
import type { PhoneCheckDto } from "./details";

// PhoneCheck from a computer: what to do, in three steps, beside a QR code of the one-time
// link. The link itself (about 100 characters) is not printed: it can be copied.

export function QrView({ verification, link }: { verification: PhoneCheckDto; link: string }) {
  const { t } = useI18n();
  const qr = useQuery({
    queryKey: ["qr", link],
    // The QR encoder loads only where a QR code is drawn.
    queryFn: async () => {
      const { toDataURL } = await import("qrcode");
      return toDataURL(link, { margin: 1, width: 200, errorCorrectionLevel: "M" });
    },
    staleTime: Infinity,
  });
  const steps = [
    <Rich
      key="wifi"
      text={t.phonecheck.stepWifi}
      values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
    />,
    t.phonecheck.stepScan,
    t.phonecheck.stepWait,
  ];
  return (
    <>
      <StateHeading>{t.phonecheck.scanTitle}</StateHeading>
      <div className="grid items-center gap-6 sm:grid-cols-[auto_1fr]">
        <div className="mx-auto flex size-[216px] items-center justify-center rounded-xl border border-slate-200 bg-white p-2">
          {qr.data ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise
            <img
              src={qr.data}
              width={200}
              height={200}
              alt={t.phonecheck.qrAlt}
              data-testid="phonecheck-qr"
            />
          ) : qr.isError ? (
            <p className="p-2 text-center text-sm text-slate-600">{t.phonecheck.qrFailed}</p>
          ) : (
            <Spinner label={t.phonecheck.drawing} />
          )}
        </div>
        <div className="space-y-4">
          <ol className="space-y-3 text-sm text-slate-700">
            {steps.map((step, index) => (
              <li key={index} className="flex gap-3">
                <span
                  aria-hidden
                  className="bg-brand-50 text-brand-700 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold"
                >
                  {index + 1}
                </span>
                <span className="pt-0.5">{step}</span>
              </li>
            ))}
          </ol>
          {/* Under the steps' words, as their time limit. Nothing waits yet (no spinner): the
              phone has not acted. */}
          <div className="pl-9">
            <Countdown until={verification.expiresAt} timed={verification} />
          </div>
        </div>
      </div>
      <CopyLink link={link} />
      {verification.phonecheck.sandbox && (
        <SimulatedPhoneNote phone={verification.phone} text={t.phonecheck.sandbox} />
      )}
    </>
  );
}

/** "Can't scan it?": the link to the clipboard, or shown to copy by hand where that fails. */
function CopyLink({ link }: { link: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  return (
    <div className="space-y-2 text-sm text-slate-600">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span>{t.phonecheck.cantScan}</span>
        <button
          type="button"
          data-testid="phonecheck-link"
          data-link={link}
          onClick={async () => {
            // No clipboard at all (an http origin other than localhost, an old browser), or
            // the browser said no: the link to copy by hand.
            try {
              await navigator.clipboard.writeText(link);
              setState("copied");
            } catch {
              setState("manual");
            }
          }}
          // 44 px tall for a finger, its margins taking back the room it adds around the words.
          className="text-brand-700 hover:text-brand-900 -my-3 rounded py-3 font-medium underline underline-offset-2"
        >
          {t.phonecheck.copy}
        </button>
      </p>
      <p role="status" className={state === "copied" ? "" : "sr-only"}>
        {state === "copied" ? t.phonecheck.copied : ""}
      </p>
      {state === "manual" && (
        // The whole link, on as many lines as it takes: a field one line high showed its tail.
        <div className="space-y-1">
          <p id="copy-by-hand">{t.phonecheck.copyByHand}</p>
          <textarea
            readOnly
            value={link}
            rows={4}
            aria-label={t.phonecheck.linkLabel}
            // It takes focus as it appears: why it is there is read with it.
            aria-describedby="copy-by-hand"
            onFocus={(event) => event.target.select()}
            autoFocus
            className="field-sizing-content w-full resize-none rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-800"
          />
        </div>
      )}
    </div>
  );
}

/**
 * What the page waits for, with the time left beside it: the phone (the QR code is shown), or
 * the result (the phone opened the check).
 */
export function WaitingBox({
  verification,
  label,
}: {
  verification: PhoneCheckDto;
  label: string;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 rounded-xl bg-slate-50 p-4 text-sm text-slate-700">
      <Spinner label={label} />
      <Countdown until={verification.expiresAt} timed={verification} />
    </div>
  );
}
