// The kind of device a browser runs on, from its User-Agent: what a method's rules for the hosted
// page (MethodHandler.hostedPage, lib/core/method.ts) decide by. Client-safe, imports nothing.

export type Device = "iphone" | "android" | "desktop";

/**
 * The kind of device a User-Agent names. Tablets count as phones (they may hold a SIM and
 * run the check over mobile data); anything unknown is a desktop, whose flows (a QR code, a
 * push to the phone) work from any screen.
 */
export function deviceOf(userAgent: string | null | undefined): Device {
  const ua = userAgent ?? "";
  if (/Android/i.test(ua)) return "android";
  if (/iPhone|iPad|iPod/i.test(ua)) return "iphone";
  return "desktop";
}
