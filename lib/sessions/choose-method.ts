import "server-only";
import type { Device } from "@/lib/core/device";
import type { MethodName } from "@/lib/method-names";
import { methods } from "@/lib/methods/registry";

// Which of a session's methods the hosted page (/session/:id) offers first, and how each starts
// there. The page decides on the server from the User-Agent (lib/core/device.ts), by each
// method's own rules (its handler's `hostedPage`): PhoneCheck and SMS have none, and fit
// everywhere (PhoneCheck on a phone over its own mobile data, on a desktop by a QR code the
// phone opens; an SMS reaches any phone).

function fits(method: MethodName, device: Device, phoneKnown: boolean): boolean {
  return methods[method].handler.hostedPage?.fits(device, phoneKnown) ?? true;
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

/** The routes that start `allowed` methods on this device, where not the browser API's. */
export function startPathsFor(
  allowed: readonly MethodName[],
  device: Device,
): Partial<Record<MethodName, string>> {
  const paths: Partial<Record<MethodName, string>> = {};
  for (const method of allowed) {
    const path = methods[method].handler.hostedPage?.startPath?.(device);
    if (path) paths[method] = path;
  }
  return paths;
}
