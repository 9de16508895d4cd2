import { MethodIcon } from "@/components/method-icon";

/** The mobile data check on the start page: signal bars. */
export function PhoneCheckIcon() {
  return (
    <MethodIcon strokeWidth={2}>
      <path d="M5 19v-3M9.5 19v-6M14 19v-9M18.5 19V6" />
    </MethodIcon>
  );
}
