import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getEnv } from "@/lib/env";
import { Providers } from "./providers";
import "./globals.css";

// Settings are read per request (the sandbox banner, the allowed countries), not baked in at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Phone Verify",
  description: "Prove that you own a phone number.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const env = getEnv();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {env.sandboxEnabled && (
          <div role="note" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
            Sandbox: no real SMS, Truecaller prompt or operator check happens here.{" "}
            <Link href="/sandbox" className="font-medium underline" target="_blank">
              Open the simulated phone
            </Link>
          </div>
        )}
        <header className="mx-auto flex max-w-xl items-center justify-between px-4 py-6">
          <Link href="/" className="text-lg font-semibold text-slate-900">
            Phone Verify
          </Link>
        </header>
        <Providers>
          <main className="mx-auto max-w-xl px-4 pb-16">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
