import { describe, expect, test } from "vitest";
import { deviceOf } from "@/lib/core/device";
import { chooseMethod, startPathsFor } from "./choose-method";

const agents = {
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  ipad: "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  android:
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  mac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  windows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
};

describe("deviceOf", () => {
  test("names phones by their system, and everything else a desktop", () => {
    expect(deviceOf(agents.iphone)).toBe("iphone");
    expect(deviceOf(agents.ipad)).toBe("iphone");
    expect(deviceOf(agents.android)).toBe("android");
    expect(deviceOf(agents.mac)).toBe("desktop");
    expect(deviceOf(agents.windows)).toBe("desktop");
    expect(deviceOf("curl/8.5.0")).toBe("desktop");
    expect(deviceOf(null)).toBe("desktop");
  });
});

describe("chooseMethod", () => {
  const all = ["phonecheck", "truecaller", "sms"] as const;

  test("PhoneCheck leads wherever the app prefers it: on a phone, and on a desktop by QR code", () => {
    for (const device of ["iphone", "android", "desktop"] as const) {
      for (const known of [true, false]) {
        expect(chooseMethod(all, device, known)).toEqual({
          first: "phonecheck",
          others: ["truecaller", "sms"],
        });
      }
    }
  });

  test("Truecaller leads where it can reach the person: a known number, or Android", () => {
    const order = ["truecaller", "sms", "phonecheck"] as const;
    expect(chooseMethod(order, "desktop", true).first).toBe("truecaller");
    expect(chooseMethod(order, "iphone", true).first).toBe("truecaller");
    expect(chooseMethod(order, "android", false).first).toBe("truecaller");
  });

  test("without the number, off Android, Truecaller gives way to the next method but stays offered", () => {
    const order = ["truecaller", "sms", "phonecheck"] as const;
    expect(chooseMethod(order, "desktop", false)).toEqual({
      first: "sms",
      others: ["truecaller", "phonecheck"],
    });
    expect(chooseMethod(order, "iphone", false)).toEqual({
      first: "sms",
      others: ["truecaller", "phonecheck"],
    });
  });

  test("the others keep the app's order", () => {
    expect(chooseMethod(["sms", "truecaller", "phonecheck"], "desktop", true)).toEqual({
      first: "sms",
      others: ["truecaller", "phonecheck"],
    });
  });

  test("a method the only one allowed leads even where it fits badly", () => {
    expect(chooseMethod(["truecaller"], "desktop", false)).toEqual({
      first: "truecaller",
      others: [],
    });
  });

  test("nothing allowed: nothing to offer; a repeated method counts once", () => {
    expect(chooseMethod([], "android", true)).toEqual({ first: undefined, others: [] });
    expect(chooseMethod(["sms", "sms", "phonecheck"], "desktop", true)).toEqual({
      first: "sms",
      others: ["phonecheck"],
    });
  });
});

describe("startPathsFor", () => {
  const all = ["phonecheck", "truecaller", "sms"] as const;

  test("Android starts Truecaller by its deep link on this phone; elsewhere every method by the browser API", () => {
    expect(startPathsFor(all, "android")).toEqual({ truecaller: "/api/truecaller/deep-link" });
    expect(startPathsFor(all, "iphone")).toEqual({});
    expect(startPathsFor(all, "desktop")).toEqual({});
    expect(startPathsFor(["sms", "phonecheck"], "android")).toEqual({});
  });

  // A Truecaller-only session leads with Truecaller on every device, number or not (the only
  // method allowed leads). Only Android has a way to start it without the number: the deep link
  // that opens the app on this phone. Elsewhere there is no start path, so the panel starts it
  // through the browser API, which needs the number: it asks for it.
  test("a Truecaller-only session without a number: Android starts by the deep link, a desktop or an iPhone has no start path", () => {
    expect(chooseMethod(["truecaller"], "android", false).first).toBe("truecaller");
    expect(startPathsFor(["truecaller"], "android")).toEqual({
      truecaller: "/api/truecaller/deep-link",
    });

    expect(chooseMethod(["truecaller"], "desktop", false).first).toBe("truecaller");
    expect(startPathsFor(["truecaller"], "desktop")).toEqual({});

    expect(chooseMethod(["truecaller"], "iphone", false).first).toBe("truecaller");
    expect(startPathsFor(["truecaller"], "iphone")).toEqual({});
  });
});
