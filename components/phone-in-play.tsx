"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

// The number the person is verifying, as far as this tab knows: the start form's valid number,
// then the verification's. The sandbox banner opens the simulated phone on it.

type PhoneInPlay = { phone: string | undefined; setPhone: (phone: string | undefined) => void };

const PhoneContext = createContext<PhoneInPlay>({ phone: undefined, setPhone: () => undefined });

export function PhoneInPlayProvider({ children }: { children: ReactNode }) {
  const [phone, setPhone] = useState<string>();
  return <PhoneContext.Provider value={{ phone, setPhone }}>{children}</PhoneContext.Provider>;
}

export function usePhoneInPlay(): string | undefined {
  return useContext(PhoneContext).phone;
}

/** Says which number is in play (E.164) while the calling component shows it. */
export function useShowPhoneInPlay(phone: string | undefined): void {
  const { setPhone } = useContext(PhoneContext);
  useEffect(() => {
    if (phone) setPhone(phone);
  }, [phone, setPhone]);
}

/** The simulated phone's page for `phone` (E.164), or the page alone. */
export function simulatedPhoneHref(phone: string | undefined): string {
  return phone ? `/sandbox?number=${encodeURIComponent(phone)}` : "/sandbox";
}
