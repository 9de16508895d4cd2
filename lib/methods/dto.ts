import type { BaseDto } from "@/lib/core/dto";
import type { methods } from "./registry";

// The status DTO, one variant per method, keyed on `method`: the base every method has plus
// what the method's handler adds (its `details`). Derived from the registry, so that a method
// added there is part of the union. Client-safe (type-only imports).

type Methods = typeof methods;

export type MethodName = keyof Methods;

export type VerificationDto = {
  [M in MethodName]: BaseDto & { method: M } & ReturnType<Methods[M]["handler"]["details"]>;
}[MethodName];

/** The DTO of one method. */
export type DtoOf<M extends MethodName> = Extract<VerificationDto, { method: M }>;
