import Link from "next/link";

// Links that several method panels end with.

/** Opens the simulated phone for this number in a new tab (sandbox only). */
export function SimulatedPhoneLink({ phone }: { phone: string }) {
  return (
    <a
      href={`/sandbox?number=${encodeURIComponent(phone)}`}
      target="_blank"
      rel="noreferrer"
      className="underline"
    >
      simulated phone
    </a>
  );
}

export function StartAgainLink() {
  return (
    <p className="text-sm text-slate-600">
      <Link href="/" className="text-brand-600 font-medium underline">
        Start again with another number
      </Link>
    </p>
  );
}
