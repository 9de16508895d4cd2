import { TruIdError } from "./errors";

export type TruIdConfig = {
  baseUrl: string; // https://{eu|in|us}.api.tru.id, or the app's own /api/sandbox/tru-id
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
};

/** One request to tru.ID with the timeout covering the body too; never follows redirects. */
export async function send(
  config: TruIdConfig,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; text: string }> {
  const signal = AbortSignal.timeout(config.timeoutMs);
  let response: Response;
  try {
    // Small JSON answers: compressing them costs more CPU than it saves (see the Flowroute client).
    const headers = new Headers(init.headers);
    headers.set("Accept-Encoding", "identity");
    response = await fetch(url, { ...init, headers, signal, redirect: "manual" });
  } catch (error) {
    throw failure(error, config, "did not answer");
  }
  try {
    // The body can stall after the headers; the same timeout signal covers it.
    return { response, text: await response.text() };
  } catch (error) {
    throw failure(error, config, "did not finish its answer");
  }
}

function failure(error: unknown, config: TruIdConfig, what: string): TruIdError {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new TruIdError("timeout", `tru.ID ${what} within ${config.timeoutMs} ms`);
  }
  return new TruIdError("network", "tru.ID could not be reached");
}

export function basicAuth(config: TruIdConfig): string {
  return `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString("base64")}`;
}
