"use client";

import { useSyncExternalStore } from "react";

// A country's flag: the emoji made of its two regional indicator letters where the system
// draws one, else (Windows, Linux without an emoji font) the two letters in a small badge.

let drawsFlags: boolean | undefined;

function flagsDrawn(): boolean {
  if (drawsFlags !== undefined) return drawsFlags;
  drawsFlags = false;
  try {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 20;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) return drawsFlags;
    context.font = "16px sans-serif";
    context.textBaseline = "top";
    context.fillText(flagEmoji("US"), 0, 0);
    const pixels = context.getImageData(0, 0, 20, 20).data;
    // A flag is in colour; the fallback letters are drawn in one grey.
    for (let i = 0; i < pixels.length && !drawsFlags; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = pixels.slice(i, i + 4);
      drawsFlags = a > 0 && (Math.abs(r - g) > 40 || Math.abs(g - b) > 40);
    }
  } catch {
    // no canvas: the badge
  }
  return drawsFlags;
}

function flagEmoji(code: string): string {
  return String.fromCodePoint(...[...code.toUpperCase()].map((c) => 0x1f1a5 + c.charCodeAt(0)));
}

const noSubscription = () => () => undefined;

export function Flag({ code }: { code: string }) {
  const emoji = useSyncExternalStore(noSubscription, flagsDrawn, () => true);
  return emoji ? (
    <span aria-hidden className="w-6 shrink-0 text-center text-lg leading-none">
      {flagEmoji(code)}
    </span>
  ) : (
    <span
      aria-hidden
      className="inline-flex h-4.5 w-6 shrink-0 items-center justify-center rounded-sm bg-slate-200 text-[10px] font-bold text-slate-700"
    >
      {code}
    </span>
  );
}
