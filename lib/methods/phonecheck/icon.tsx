/** The mobile data check on the start page: signal bars. */
export function PhoneCheckIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <path d="M5 19v-3M9.5 19v-6M14 19v-9M18.5 19V6" />
    </svg>
  );
}
