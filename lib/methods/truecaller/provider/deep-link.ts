import type { TruecallerConfig } from "./client";

/**
 * Flow B: the link an Android browser opens to show Truecaller's consent sheet
 * (docs "Invoking verification"). The callback URL is not in it: it is set in Truecaller's
 * developer portal.
 */
export function buildDeepLink(config: TruecallerConfig, requestNonce: string): string {
  const params: Record<string, string> = {
    type: "btmsheet",
    requestNonce,
    partnerKey: config.appKey,
    partnerName: config.partnerName,
    lang: "en",
    loginPrefix: "continue",
    loginSuffix: "verifymobile",
    ctaPrefix: "continuewith",
    btnShape: "round",
    skipOption: "useanothernum",
  };
  // encodeURIComponent, not URLSearchParams: "+" for a space is not decoded by Android's Uri.
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join("&");
  return `truecallersdk://truesdk/web_verify?${query}`;
}
