import { z } from "zod";
import { sandboxBesideRealProvider, settingsPart } from "@/lib/env";
import { int, optionalText, url } from "@/lib/env-fields";

// The Truecaller method's settings: its budgets and Truecaller's account (web push and
// mobile-web deep link). `.env.example` documents each one.

const schema = z.object({
  // Truecaller starts (a push puts a prompt on a stranger's phone, a deep link writes a row)
  // per client address and network, and all pushes together: Truecaller may throttle or ban an
  // app key that spams, and whether a push is refused tells who has the app.
  TRUECALLER_STARTS_PER_IP_PER_HOUR: int(1, 1_000_000).default(20),
  TRUECALLER_STARTS_PER_NETWORK_PER_HOUR: int(1, 1_000_000).default(60),
  TRUECALLER_PUSHES_PER_HOUR: int(1, 10_000_000).default(1000),

  TRUECALLER_APP_KEY: optionalText,
  TRUECALLER_PARTNER_NAME: z.string().trim().min(1).max(60).default("Phone Verify"),
  TRUECALLER_REQUEST_URL: url.default("https://api4.truecaller.com/v1/apps/requests"),
  TRUECALLER_PROFILE_URL: url.default("https://profile4.truecaller.com/v1/default"),
  TRUECALLER_REQUEST_TTL: int(30, 600).default(600),
  // Seconds before a number's Truecaller app may be prompted again (Truecaller's advice: about
  // five minutes); 0: no wait.
  TRUECALLER_PROMPT_INTERVAL: int(0, 3600).default(300),
  TRUECALLER_TIMEOUT_MS: int(100, 60_000).default(8_000),
  TRUECALLER_SANDBOX_APP_KEY: z.string().min(1).default("sandbox-truecaller-app-key"),
});

/** The Truecaller method's settings: `parse` reads a given environment, `read` process.env. */
export const truecallerSettings = settingsPart(schema, (truecaller, env, { problems }) => {
  problems.push(
    ...sandboxBesideRealProvider(env, "TRUECALLER_APP_KEY", truecaller.TRUECALLER_APP_KEY),
  );
  return truecaller;
});
