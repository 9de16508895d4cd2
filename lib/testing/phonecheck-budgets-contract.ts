import { expect, test } from "vitest";
import { appPerTest } from "./app-server";
import { expectRefused, startAsStranger } from "./budget-requests";

/**
 * PhoneCheck's budgets (docs/security.md#sending-limits): its checks are billed too. Run on
 * SQLite and PostgreSQL by lib/methods/phonecheck/budgets.*.test.ts; each budget set low in its
 * own app.
 */
export function phonecheckBudgetContract() {
  const app = appPerTest();
  const method = "phonecheck";
  const start = (phone: string, ip: string) => startAsStranger(app.url, phone, { ip, method });

  test("PhoneCheck checks are billed too: per address and for all checks", async () => {
    await app.start({
      TRUST_PROXY: "1",
      PHONECHECK_STARTS_PER_IP_PER_HOUR: "2",
      PHONECHECK_STARTS_PER_HOUR: "3",
    });
    expect((await start("+12125551002", "10.1.0.1")).status).toBe(201);
    expect((await start("+12125551004", "10.1.0.1")).status).toBe(201);
    await expectRefused(await start("+12125551006", "10.1.0.1"), /busy/);
    expect((await start("+12125551008", "10.2.0.1")).status).toBe(201);
    await expectRefused(await start("+12125551010", "10.3.0.1"), /busy/);
  });

  test("a new IPv6 address of the same /64 is the same network, as an IPv4 /24 is", async () => {
    await app.start({ TRUST_PROXY: "1", PHONECHECK_STARTS_PER_NETWORK_PER_HOUR: "2" });
    const checks = [];
    for (let i = 0; i < 3; i += 1) {
      checks.push((await start(`+1212555${1002 + 2 * i}`, `2001:db8:5:6::${i + 1}`)).status);
    }
    expect(checks).toEqual([201, 201, 429]);
    // IPv4: the address and its /24.
    expect((await start("+12125552002", "10.5.6.1")).status).toBe(201);
    expect((await start("+12125552004", "10.5.6.2")).status).toBe(201);
    await expectRefused(await start("+12125552006", "10.5.6.3"), /busy/);
  });
}
