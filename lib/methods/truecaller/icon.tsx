import { MethodIcon } from "@/components/method-icon";

/** The Truecaller method on the start page: a handset with a tick. */
export function TruecallerIcon() {
  return (
    <MethodIcon>
      <path d="M5 4h3l1.5 4-2 1.5a11 11 0 0 0 5 5l1.5-2 4 1.5v3a2 2 0 0 1-2 2A15 15 0 0 1 3 6a2 2 0 0 1 2-2z" />
      <path d="M14.5 6.5l1.75 1.75L20 4.5" />
    </MethodIcon>
  );
}
