// Reading the simulated phone from tests, as a person reads their SMS.

export async function latestCode(baseUrl: string, phone: string): Promise<string> {
  const response = await fetch(
    `${baseUrl}/api/sandbox/phone/messages?number=${encodeURIComponent(phone)}`,
  );
  const body = (await response.json()) as { messages: { code: string | null }[] };
  const code = body.messages[0]?.code;
  if (!code) throw new Error(`no code in the inbox of ${phone}`);
  return code;
}

export async function inboxSize(baseUrl: string, phone: string): Promise<number> {
  const response = await fetch(
    `${baseUrl}/api/sandbox/phone/messages?number=${encodeURIComponent(phone)}`,
  );
  const body = (await response.json()) as { messages: unknown[] };
  return body.messages.length;
}

/** Fires all calls at once, released together behind one barrier. */
export async function allAtOnce<T>(
  count: number,
  call: (index: number) => Promise<T>,
): Promise<T[]> {
  let release!: () => void;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  const pending = Array.from({ length: count }, (_, index) => barrier.then(() => call(index)));
  release();
  return Promise.all(pending);
}
