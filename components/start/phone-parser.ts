"use client";

import { useEffect, useState } from "react";

// libphonenumber-js and its metadata are most of what the start form would download; nobody
// types a number in the page's first milliseconds, so they load right after it has painted
// (and a submit waits for them if it comes first).

type Parser = typeof import("@/lib/phone").parsePhone;

let loading: Promise<Parser> | undefined;

export function loadPhoneParser(): Promise<Parser> {
  loading ??= import("@/lib/phone").then(
    (module) => module.parsePhone,
    (error: unknown) => {
      loading = undefined; // a failed download may work the next time
      throw error;
    },
  );
  return loading;
}

/** The parser once it has loaded; undefined until then. */
export function usePhoneParser(): Parser | undefined {
  const [parser, setParser] = useState<Parser>();
  useEffect(() => {
    let live = true;
    loadPhoneParser().then(
      (parse) => live && setParser(() => parse),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return parser;
}
