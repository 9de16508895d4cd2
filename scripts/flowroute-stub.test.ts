import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, test } from "vitest";

// The benchmark's Flowroute stand-in (scripts/flowroute-stub.mjs), started as the bench starts
// it when any port will do: its answers must name the port it really listens on.

let stub: ChildProcess;
let port = 0;

beforeAll(async () => {
  stub = spawn(process.execPath, ["scripts/flowroute-stub.mjs", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  port = await new Promise<number>((resolve, reject) => {
    stub.once("exit", (code) => reject(new Error(`the stub exited ${code}`)));
    stub.stdout!.on("data", (chunk: Buffer) => {
      const listening = /listening (\d+)/.exec(chunk.toString());
      if (listening) resolve(Number(listening[1]));
    });
  });
});
afterAll(() => {
  stub.kill();
});

test("a send answers Flowroute's 202 body, links.self on the port it listens on", async () => {
  expect(port).toBeGreaterThan(0);
  const response = await fetch(`http://127.0.0.1:${port}/v2.1/messages`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from("key:secret").toString("base64")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ to: "12065550123", from: "12065550100", body: "1234" }),
  });
  expect(response.status).toBe(202);
  const { data } = await response.json();
  expect(data.id).toMatch(/^mdr2-[0-9a-f]{32}$/);
  expect(data.links.self).toBe(`http://127.0.0.1:${port}/v2.1/messages/${data.id}`);
});
