import "server-only";
import { listSandboxSms } from "./queries";

// The simulated phone's SMS inbox, as the /sandbox page and tests read it.

export type InboxMessage = {
  id: string;
  from: string;
  body: string;
  code: string | null;
  receivedAt: string;
};

export async function inbox(e164: string): Promise<InboxMessage[]> {
  // The emulator stores `to` as the client sent it: E.164 digits without "+".
  const rows = await listSandboxSms({ to: [e164.replace(/^\+/, ""), e164], limit: 50 });
  return rows.map((row) => ({
    id: row.id,
    from: row.from,
    body: row.body,
    // The WebOTP line ends every code SMS: "@host #123456".
    code: /#(\d{4,10})\s*$/.exec(row.body)?.[1] ?? null,
    receivedAt: new Date(row.createdAt).toISOString(),
  }));
}
