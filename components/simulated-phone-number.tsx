"use client";

import { createContext, useContext } from "react";

// The number the simulated phone (/sandbox) plays. The page picks it; each method's section
// of the phone (chosen by the page from the registry) reads it here.

export const SimulatedPhoneNumber = createContext<string>("");

export function useSimulatedPhoneNumber(): string {
  return useContext(SimulatedPhoneNumber);
}
