"use client";

import { usePathname, useRouter } from "next/navigation";
import {
  Children,
  isValidElement,
  useCallback,
  useEffect,
  useState,
  type ReactElement,
  type ReactNode,
} from "react";
import { useI18n } from "@/components/i18n";
import { useShowPhoneInPlay } from "@/components/phone-in-play";
import { PhoneNumber } from "@/components/phone-number";
import { SectionSlot, SimulatedPhoneNumber } from "@/components/simulated-phone-number";
import { usePhoneFormat } from "@/components/start/phone-parser";
import { Button, Card } from "@/components/ui";
import { PhonePicker } from "./phone-picker";

type SlotProps = { name: string; children: ReactNode };

const SHOW_SECTIONS_WITHIN_MS = 1500;

/** One method's section, wrapped so that it can say when its newest item arrived. */
export function PhoneSectionSlot({ children }: SlotProps) {
  return <>{children}</>;
}

/**
 * The phone: the number it plays, then the methods' sections (`children`, PhoneSectionSlots),
 * the one with the newest item first, so that a code just sent is the first thing in view.
 */
export function SimulatedPhone({
  initialNumber,
  recent,
  country,
  children,
}: {
  initialNumber: string;
  recent: string[];
  /** The country of a number typed without + (the start page's first). */
  country: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const formatPhone = usePhoneFormat();
  const router = useRouter();
  const pathname = usePathname();
  const [phone, setPhone] = useState(() =>
    /^\+\d{6,15}$/.test(initialNumber) ? initialNumber : "",
  );
  const [changing, setChanging] = useState(phone === "");
  // The banner's link, on this page too, names the number the phone plays.
  useShowPhoneInPlay(phone || undefined);
  const [newest, setNewest] = useState<Record<string, number>>({});
  const report = useCallback(
    (name: string, at: number) =>
      setNewest((known) => (known[name] === at ? known : { ...known, [name]: at })),
    [],
  );

  function choose(number: string) {
    setPhone(number);
    setChanging(false);
    // Another phone: its sections place themselves again.
    setNewest({});
    setWaitedLong(false);
    router.replace(`${pathname}?number=${encodeURIComponent(number)}`);
  }

  // Until every section has answered once, the sections are laid out but not shown: shown at
  // once, they jumped into their order one answer at a time (a shift of a whole screen on a
  // phone). A section that does not answer holds them back for a moment at most.
  const [waitedLong, setWaitedLong] = useState(false);
  useEffect(() => {
    if (waitedLong) return;
    const timer = setTimeout(() => setWaitedLong(true), SHOW_SECTIONS_WITHIN_MS);
    return () => clearTimeout(timer);
  }, [waitedLong]);

  const slots = Children.toArray(children).filter(isValidElement) as ReactElement<SlotProps>[];
  const placed = waitedLong || slots.every((slot) => slot.props.name in newest);
  // Stable: sections with nothing yet keep the page's order, below those with something.
  const ordered = [...slots].sort(
    (a, b) => (newest[b.props.name] ?? 0) - (newest[a.props.name] ?? 0),
  );

  return (
    <div className="space-y-4">
      {phone && !changing ? (
        <Card className="flex flex-wrap items-center justify-between gap-3 py-4 sm:py-4">
          <p className="text-sm text-slate-600">
            {t.sandbox.thisPhone}{" "}
            <span className="text-base" data-testid="phone-number">
              <PhoneNumber value={formatPhone(phone)} />
            </span>
          </p>
          <div className="w-auto">
            <Button variant="secondary" className="w-auto" onClick={() => setChanging(true)}>
              {t.sandbox.change}
            </Button>
          </div>
        </Card>
      ) : (
        // A number in the address the phone could not take as it is (a national one, a typo):
        // in the field, to be opened or corrected.
        <PhonePicker
          initial={phone || initialNumber}
          recent={recent}
          country={country}
          onChoose={choose}
        />
      )}
      {/* While a number is chosen, only the picker: the old number's sections would say what
          a phone that is not chosen yet receives. */}
      {phone && !changing && (
        <div
          className={placed ? "space-y-4" : "invisible space-y-4"}
          aria-busy={!placed}
          data-testid="phone"
          data-phone={phone}
        >
          <SimulatedPhoneNumber value={phone}>
            {ordered.map((slot) => (
              <SectionSlot.Provider key={slot.props.name} value={{ name: slot.props.name, report }}>
                {slot}
              </SectionSlot.Provider>
            ))}
          </SimulatedPhoneNumber>
        </div>
      )}
    </div>
  );
}
