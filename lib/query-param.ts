/**
 * A page's query parameter as one string, or undefined. Next gives a repeated parameter
 * (`?id=a&id=b`) as an array: no page means either value, and an array handed on to a query
 * would fail deep down (a 500 for a typo in a link).
 */
export function oneParam(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
