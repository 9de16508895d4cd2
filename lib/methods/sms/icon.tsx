import { MethodIcon } from "@/components/method-icon";

/** The SMS method on the start page: a message bubble. */
export function SmsIcon() {
  return (
    <MethodIcon>
      <path d="M4 5.5h16a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H9l-4.5 3.5v-3.5H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1z" />
      <path d="M7.5 11h.01M12 11h.01M16.5 11h.01" strokeWidth="2.5" />
    </MethodIcon>
  );
}
