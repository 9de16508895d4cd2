import { Fragment, type ReactNode } from "react";

/**
 * A catalogue template whose values are elements ("We sent a code to {phone}." with the number
 * in its own span): the sentence stays whole in the catalogue, in each language's word order.
 */
export function Rich({ text, values }: { text: string; values: Record<string, ReactNode> }) {
  const parts = text.split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((part, index) => (
        // Odd indexes are the names between braces.
        <Fragment key={index}>{index % 2 === 1 ? (values[part] ?? `{${part}}`) : part}</Fragment>
      ))}
    </>
  );
}
