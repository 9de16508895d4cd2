import { headers } from "next/headers";
import { callerFromCookies } from "@/lib/api/caller";
import { Card } from "@/components/ui";
import { SuccessMark } from "@/components/verified-card";
import { phoneResult } from "@/lib/methods/phonecheck/phone-result";

export const metadata = { title: "Mobile data check – Phone Verify" };

// Where the phone lands after a check it opened from the laptop's QR code.
export default async function PhoneCheckDonePage({
  searchParams,
}: {
  searchParams: Promise<{ id?: string }>;
}) {
  const { id } = await searchParams;
  const caller = callerFromCookies((await headers()).get("cookie"));
  const result = id ? await phoneResult(caller, id) : undefined;

  if (!result) {
    return (
      <Card className="space-y-3">
        <h1 className="text-xl font-semibold">This link cannot be used</h1>
        <p className="text-slate-600">
          It may have been opened on another phone already, or the check is over. Scan the QR code
          on your computer again, or start a new verification there.
        </p>
      </Card>
    );
  }
  if (result.status === "approved") {
    return (
      <Card className="space-y-3 text-center">
        <SuccessMark />
        <h1 className="text-xl font-semibold">Number verified</h1>
        <p className="text-slate-600">
          Your operator confirmed <span className="font-medium text-slate-900">{result.phone}</span>
          . You can go back to your computer.
        </p>
      </Card>
    );
  }
  if (result.status === "pending") {
    return (
      <Card className="space-y-3">
        <h1 className="text-xl font-semibold">Checking…</h1>
        <p className="text-slate-600">
          The result is on its way to your computer. If it does not change there, open the link
          again with Wi-Fi turned off.
        </p>
      </Card>
    );
  }
  return (
    <Card className="space-y-3">
      <h1 className="text-xl font-semibold">
        {result.status === "rejected" ? "No match" : "The check did not work"}
      </h1>
      <p className="text-slate-600">{result.message}</p>
      <p className="text-slate-600">Go back to your computer to verify another way.</p>
    </Card>
  );
}
