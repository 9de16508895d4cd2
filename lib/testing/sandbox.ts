// Reading the simulated phone from tests, as a person reads their SMS.

type Message = { code: string | null; body: string };

async function inbox(baseUrl: string, phone: string): Promise<Message[]> {
  const response = await fetch(
    `${baseUrl}/api/sandbox/phone/messages?number=${encodeURIComponent(phone)}`,
  );
  return ((await response.json()) as { messages: Message[] }).messages;
}

export async function latestCode(baseUrl: string, phone: string): Promise<string> {
  const code = (await inbox(baseUrl, phone))[0]?.code;
  if (!code) throw new Error(`no code in the inbox of ${phone}`);
  return code;
}

/** The text of the newest SMS the phone received. */
export async function latestBody(baseUrl: string, phone: string): Promise<string> {
  const body = (await inbox(baseUrl, phone))[0]?.body;
  if (body === undefined) throw new Error(`no SMS in the inbox of ${phone}`);
  return body;
}

export async function inboxSize(baseUrl: string, phone: string): Promise<number> {
  return (await inbox(baseUrl, phone)).length;
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
