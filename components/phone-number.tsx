/** A phone number as people read it: never broken across lines ("+1 206 / 555 0610"). */
export function PhoneNumber({ value, testId }: { value: string; testId?: string }) {
  return (
    <span
      className="font-medium whitespace-nowrap text-slate-900 tabular-nums"
      data-testid={testId}
      data-phone-number=""
    >
      {value}
    </span>
  );
}
