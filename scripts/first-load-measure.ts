// First-load JavaScript of a page, as a browser transfers it: the scripts its HTML loads
// (`<script src>`, less the `noModule` polyfills modern browsers skip), each fetched gzipped
// from the server and counted as sent. What a page imports later (`import()` after it has
// painted: the phone library, the QR encoder) is not counted: it is not in the first load.
import { request } from "node:http";

export const FIRST_LOAD_LIMIT = 1.25;

/** The empty page of the same build, under the same root layout (app/%5Fempty/page.tsx). */
const BASELINE_PATH = "/_empty";

export type PageWeight = { path: string; scripts: string[]; bytes: number };

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function get(url: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      target,
      {
        method: body === undefined ? "GET" : "POST",
        headers: { "accept-encoding": "gzip", ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function html(url: string, cookie: string): Promise<string> {
  // Uncompressed, to read it; the scripts are what is weighed.
  const answer = await get(url, { "accept-encoding": "identity", cookie });
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
  return answer.body.toString("utf8");
}

/** The scripts of `path`'s first load and their bytes on the wire (gzip, as `next start` sends). */
async function weigh(base: string, path: string, cookie = ""): Promise<PageWeight> {
  const page = await html(`${base}${path}`, cookie);
  const scripts = [
    ...new Set(
      [...page.matchAll(/<script([^>]*)>/g)]
        .map((match) => match[1]!)
        .filter((attributes) => !/\bnoModule\b/i.test(attributes))
        .map((attributes) => /\ssrc="([^"]+)"/.exec(attributes)?.[1])
        .filter((src): src is string => !!src),
    ),
  ];
  let bytes = 0;
  for (const src of scripts) {
    const answer = await get(new URL(src, base).href);
    if (answer.status !== 200) throw new Error(`${src} answered ${answer.status}`);
    bytes += answer.body.length;
  }
  return { path, scripts, bytes };
}

/** A verification of a fresh browser (its binding cookie), so that /verify/:id has a page. */
async function startOne(base: string): Promise<{ id: string; cookie: string }> {
  const answer = await get(
    `${base}/api/verifications`,
    { "content-type": "application/json", origin: base, "accept-encoding": "identity" },
    JSON.stringify({ method: "sms", phone: "+12065550199" }),
  );
  if (answer.status !== 201) throw new Error(`a start answered ${answer.status}`);
  const setCookie = answer.headers["set-cookie"] ?? [];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie])
    .map((line) => line.split(";")[0])
    .join("; ");
  const { verification } = JSON.parse(answer.body.toString("utf8")) as {
    verification: { id: string };
  };
  return { id: verification.id, cookie };
}

/** The start page, a verification's page and the simulated phone, and the empty page. */
export async function measureFirstLoad(base: string) {
  const { id, cookie } = await startOne(base);
  const pages = [
    await weigh(base, "/", cookie),
    await weigh(base, `/verify/${id}`, cookie),
    await weigh(base, "/sandbox", cookie),
  ];
  const baseline = await weigh(base, BASELINE_PATH, cookie);
  return { pages, baseline };
}
