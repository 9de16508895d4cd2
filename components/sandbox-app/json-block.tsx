// Shadows at an edge with more to scroll to (the "scroll shadows" technique): the covers move
// with the text (`local`) and hide a shadow once its edge is reached; the shadows stay put.
// A phone shows no scrollbar, so without them a cut line looks like the whole value.
const scrollShadows = [
  "linear-gradient(to right, #f8fafc 30%, rgb(248 250 252 / 0)) left center / 2.5rem 100% no-repeat local",
  "linear-gradient(to left, #f8fafc 30%, rgb(248 250 252 / 0)) right center / 2.5rem 100% no-repeat local",
  "radial-gradient(farthest-side at 0 50%, rgb(15 23 42 / 0.2), transparent) left center / 0.75rem 100% no-repeat scroll",
  "radial-gradient(farthest-side at 100% 50%, rgb(15 23 42 / 0.2), transparent) right center / 0.75rem 100% no-repeat scroll",
  "#f8fafc",
].join(", ");

/**
 * A JSON value as the integrating app received it. Long values scroll sideways rather than
 * wrap in the middle of a string, with a shadow at the edge that has more; a keyboard scrolls
 * it too (it takes focus).
 */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      tabIndex={0}
      className="overflow-x-auto rounded-lg p-4 text-xs whitespace-pre text-slate-800"
      style={{ background: scrollShadows }}
      data-testid={testId}
    >
      {/* Its own padding at the end: scrolled to the last character, the text keeps a margin. */}
      <span className="inline-block pr-4">{JSON.stringify(value, null, 2)}</span>
    </pre>
  );
}
