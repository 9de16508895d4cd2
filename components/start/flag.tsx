// A country's flag, drawn from the SVG files in public/flags (one per country the phone library
// knows). Emoji flags are not used: Windows has none and Linux often lacks the font, so a
// person there would see two letters instead.

export function Flag({ code, lazy = false }: { code: string; lazy?: boolean }) {
  return (
    // A static SVG (most under 1 KB) gains nothing from next/image's resizing.
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={`/flags/${code}.svg`}
      alt=""
      width={24}
      height={16}
      loading={lazy ? "lazy" : "eager"}
      decoding="async"
      className="h-4 w-6 shrink-0 rounded-[3px] object-cover shadow-[0_0_0_1px_rgb(15_23_42/0.12)]"
    />
  );
}
