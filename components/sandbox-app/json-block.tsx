/**
 * A JSON value as the integrating app received it. Long values scroll sideways rather than
 * wrap in the middle of a string; a keyboard scrolls it too (it takes focus).
 */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      tabIndex={0}
      className="overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs whitespace-pre text-slate-800"
      data-testid={testId}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
