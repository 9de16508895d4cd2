"use client";

import { useEffect, useState } from "react";

// libphonenumber-js and its metadata are most of what the start form would download; nobody
// types a number in the page's first milliseconds, so they load right after it has painted
// (and a submit waits for them if it comes first). The simulated phone formats its numbers with
// the same library, loaded the same way.

type PhoneModule = typeof import("@/lib/phone");
type Parser = PhoneModule["parsePhone"];
type Formatter = PhoneModule["formatPhone"];

let loading: Promise<PhoneModule> | undefined;

function loadPhoneModule(): Promise<PhoneModule> {
  loading ??= import("@/lib/phone").catch((error: unknown) => {
    loading = undefined; // a failed download may work the next time
    throw error;
  });
  return loading;
}

export function loadPhoneParser(): Promise<Parser> {
  return loadPhoneModule().then((module) => module.parsePhone);
}

/** The library's export `pick` once it has loaded; undefined until then. */
function useLoaded<T>(pick: (module: PhoneModule) => T): T | undefined {
  const [loaded, setLoaded] = useState<T>();
  useEffect(() => {
    let live = true;
    loadPhoneModule().then(
      (module) => live && setLoaded(() => pick(module)),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // Picked once: `pick` names an export of a module that does not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return loaded;
}

/** The parser once it has loaded; undefined until then. */
export function usePhoneParser(): Parser | undefined {
  return useLoaded((module) => module.parsePhone);
}

/**
 * An E.164 number as every page shows it ("+1 206 555 0142", lib/phone.ts's formatPhone): as
 * given until the library has loaded, then formatted.
 */
export function usePhoneFormat(): (e164: string) => string {
  const format = useLoaded<Formatter>((module) => module.formatPhone);
  return format ?? ((e164) => e164);
}
