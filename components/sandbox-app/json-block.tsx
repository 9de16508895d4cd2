/** A JSON value as the integrating app received it, wrapped rather than scrolled. */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      className="rounded-lg bg-slate-50 p-3 text-xs break-all whitespace-pre-wrap text-slate-800"
      data-testid={testId}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
