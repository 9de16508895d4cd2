import Link from "next/link";
import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from "react";

// The few primitives every page uses, so that they look alike. Actions are full width and
// stacked, the primary one first: one look for every card, at every width.

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <section
      className={`rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 ${className}`}
    >
      {children}
    </section>
  );
}

type Variant = "primary" | "secondary" | "quiet";

// A button that cannot act now is aria-disabled, not disabled (see Button): these looks follow it.
// A primary one that cannot act yet keeps its colour, faded: still the next step, only not yet
// (a grey block would be the heaviest thing on the card). Faded by its background, not by
// opacity, so that the focus ring around it stays as strong as anywhere, and its words turn
// dark so that they stay readable (white on a faded blue is about 2:1). One under way
// (aria-busy, its spinner showing) is not faded: it is doing what was asked.
const looks: Record<Variant, string> = {
  primary:
    "bg-brand-600 text-white shadow-sm hover:bg-brand-700 aria-disabled:not-aria-busy:bg-brand-100 aria-disabled:not-aria-busy:text-brand-700 aria-disabled:not-aria-busy:shadow-none",
  secondary:
    "border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 aria-disabled:bg-slate-100 aria-disabled:text-slate-600",
  quiet:
    "text-brand-700 hover:bg-brand-50 aria-disabled:text-slate-600 aria-disabled:hover:bg-transparent",
};

const base =
  "inline-flex min-h-11 w-full items-center justify-center gap-2 rounded-xl px-4 py-2.5 text-center text-sm font-semibold transition-colors aria-disabled:cursor-not-allowed aria-busy:cursor-wait";

/** A button's classes, for a page that cannot use these components' routing (app/global-error.tsx). */
export function buttonLook(variant: Variant = "primary"): string {
  return `${base} ${looks[variant]}`;
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  /** The action is under way: a spinner, and no second click. */
  pending?: boolean;
  /** Pressed while `disabled` (not pending): to say why it cannot act yet. */
  onInactiveClick?: () => void;
};

/**
 * A button. One that cannot act now (`disabled`, or `pending`) is marked aria-disabled and
 * ignores its clicks, and a form's submit, instead of taking the `disabled` attribute: a
 * disabled button lets go of focus, so a keyboard user who pressed Enter on it would be left
 * on <body>, from where Tab starts at the top of the page. This one keeps their place.
 */
export function Button({
  variant = "primary",
  pending = false,
  children,
  className = "",
  disabled,
  type = "button",
  onClick,
  onInactiveClick,
  ...rest
}: ButtonProps) {
  const inactive = disabled || pending;
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={inactive || undefined}
      aria-busy={pending || undefined}
      onClick={(event) => {
        if (!inactive) return onClick?.(event);
        event.preventDefault();
        if (!pending) onInactiveClick?.();
      }}
      className={`${buttonLook(variant)} ${className}`}
    >
      {pending && <Spinner />}
      {children}
    </button>
  );
}

/** A link that looks like a button: where the next step is another page. */
export function ButtonLink({
  href,
  variant = "primary",
  children,
  className = "",
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; variant?: Variant }) {
  const look = `${buttonLook(variant)} ${className}`;
  // Our own pages through the router; anything else (SUCCESS_URL, a check link) as a plain link.
  return href.startsWith("/") ? (
    <Link href={href} className={look} {...rest}>
      {children}
    </Link>
  ) : (
    <a href={href} className={look} {...rest}>
      {children}
    </a>
  );
}

/**
 * A spinner and what it waits for (`label`, a live region). `still`: nothing is expected any
 * more, only the words stay, in the same live region, so that their change is heard.
 */
export function Spinner({ label, still = false }: { label?: string; still?: boolean }) {
  return (
    // Beside the first line of its label (centred on two lines, it looked adrift between them).
    <span role={label ? "status" : undefined} className="inline-flex items-start gap-2">
      {!still && (
        <span
          className="mt-[calc((1lh-1rem)/2)] size-4 shrink-0 rounded-full border-2 border-current border-t-transparent motion-safe:animate-spin"
          aria-hidden
          data-spinner=""
        />
      )}
      {label && <span>{label}</span>}
    </span>
  );
}

/**
 * A message in a box. It speaks up by itself (role alert or status) unless `quiet`: where the
 * page's live region says it already (components/announcer.tsx).
 */
export function Alert({
  tone = "error",
  quiet = false,
  children,
}: {
  tone?: "error" | "info" | "success";
  quiet?: boolean;
  children: ReactNode;
}) {
  const look = {
    error: "border-red-200 bg-red-50 text-red-900",
    info: "border-sky-200 bg-sky-50 text-sky-950",
    success: "border-emerald-200 bg-emerald-50 text-emerald-950",
  }[tone];
  const role = quiet ? undefined : tone === "error" ? "alert" : "status";
  return (
    <div role={role} className={`rounded-xl border px-4 py-3 text-sm ${look}`}>
      {children}
    </div>
  );
}

/** The small print of a card: a sandbox hint, a way out. */
export function Note({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-600">{children}</p>;
}

/** An inline link in running text. */
export function TextLink({
  href,
  children,
  className,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const look = `font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900 ${className ?? ""}`;
  return href.startsWith("/") && !rest.target ? (
    <Link href={href} className={look} {...rest}>
      {children}
    </Link>
  ) : (
    <a href={href} className={look} {...rest}>
      {children}
    </a>
  );
}
