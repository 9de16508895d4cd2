import { Webhook } from "standardwebhooks";
import { expect, test } from "vitest";
import { signWebhook } from "./sign";

// What a receiver checks: the `standardwebhooks` package (the one app developers use) accepts
// our signature, and it matches the specification's own example byte for byte.

test("the Standard Webhooks specification's example signature", () => {
  expect(
    signWebhook(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    ),
  ).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
});

const secret = `whsec_${Buffer.from("a webhook secret of 32 bytes....").toString("base64")}`;
const body = JSON.stringify({ type: "session.verified", data: { id: "ses_1", phone: "+1…" } });

test("the standardwebhooks package verifies it, and refuses any change of id, time or body", () => {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "webhook-id": "msg_1",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, "msg_1", timestamp, body),
  };
  const receiver = new Webhook(secret);
  expect(receiver.verify(body, headers)).toEqual(JSON.parse(body));
  expect(() => receiver.verify(`${body} `, headers)).toThrow();
  expect(() => receiver.verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow();
  expect(() =>
    receiver.verify(body, { ...headers, "webhook-timestamp": String(timestamp + 1) }),
  ).toThrow();
  const otherSecret = `whsec_${Buffer.from("another secret of thirty-two b.").toString("base64")}`;
  expect(() => new Webhook(otherSecret).verify(body, headers)).toThrow();
});
