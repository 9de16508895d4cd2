import type { MethodName } from "@/lib/method-names";
import type { TruecallerFlow } from "@/lib/methods/truecaller/details";

// Which of a session's methods the hosted page (/session/:id) offers first. Client-safe: the
// page decides on the server from the User-Agent, and the rules are plain data.

type Device = "iphone" | "android" | "desktop";

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

/**
 * Whether a method can be the first offer here. PhoneCheck works everywhere: on a phone over
 * its own mobile data, on a desktop by a QR code the phone opens. Truecaller needs the number
 * to push its prompt to (flow A), or an Android browser to open the app by a deep link
 * (flow B). SMS reaches any phone.
 */
function fits(method: MethodName, device: Device, phoneKnown: boolean): boolean {
  if (method === "truecaller") return phoneKnown || device === "android";
  return true;
}

/**
 * The method to offer first and the others, in the app's order of preference: the first one
 * that fits this device. None fits: the app's first choice still leads (a person who types
 * their number can use any method).
 */
export function chooseMethod(
  allowed: readonly MethodName[],
  device: Device,
  phoneKnown: boolean,
): { first: MethodName | undefined; others: MethodName[] } {
  const unique = allowed.filter((method, index) => allowed.indexOf(method) === index);
  const first = unique.find((method) => fits(method, device, phoneKnown)) ?? unique[0];
  return { first, others: unique.filter((method) => method !== first) };
}

/**
 * How a Truecaller attempt starts here, by the same rule as `fits`: on Android, the deep link
 * (flow B) opens the Truecaller app on this very phone, whether or not the app gave a number;
 * elsewhere, a prompt pushed to the number's app (flow A). Started as flow A on Android, the
 * prompt would go to the phone in the person's hand, whose page then offers flow B anyway: one
 * more tap, and an attempt of the session that only got in the way.
 */
export function truecallerFlowFor(device: Device): TruecallerFlow {
  return device === "android" ? "deeplink" : "push";
}
