"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";
import { loadPhoneParser } from "../start/phone-parser";
import { useFailureText } from "../failure-text";
import { useI18n } from "../i18n";
import { Alert, Button, Card } from "../ui";

/**
 * The integrating app's "Verify your phone" button: its server makes a session (with or
 * without a number, with the methods ticked) and the browser goes to the session's url. The
 * number is typed as on the start page (national in `country`, or with + and its code) and
 * sent as E.164, as an app's server would send it.
 */
export function StartSession({ methods, country }: { methods: MethodName[]; country: string }) {
  const { t, format } = useI18n();
  const failureText = useFailureText();
  const [phone, setPhone] = useState("");
  const [problem, setProblem] = useState<string>();
  // Every method in the app's order of preference, and which of them it allows.
  const [order, setOrder] = useState<MethodName[]>(methods);
  const [allowed, setAllowed] = useState<MethodName[]>(methods);
  const chosen = order.filter((method) => allowed.includes(method));
  // Start pressed with no method ticked: said, rather than a button that does nothing.
  const [noMethod, setNoMethod] = useState(false);
  const start = useMutation({
    mutationFn: (e164: string | undefined) =>
      apiFetch<{ id: string; url: string }>("/api/sandbox/sessions", {
        method: "POST",
        json: { ...(e164 ? { phone: e164 } : {}), methods: chosen },
      }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = phone.trim();
    if (!typed) return start.mutate(undefined);
    const parsed = (await loadPhoneParser())(typed, { country });
    if (!parsed.ok) {
      setProblem(t.phone.errors[parsed.reason]);
      document.getElementById("sandbox-app-phone")?.focus();
      return;
    }
    setProblem(undefined);
    start.mutate(parsed.phone.e164);
  };
  const toggle = (method: MethodName) => {
    setNoMethod(false);
    setAllowed((list) =>
      list.includes(method) ? list.filter((item) => item !== method) : [...list, method],
    );
  };
  // Swaps a method with its neighbour above (-1) or below (+1); focus stays on the button
  // pressed where it still can move, else goes to its twin, so a keyboard can keep moving it.
  const move = (method: MethodName, by: -1 | 1) => {
    const from = order.indexOf(method);
    const to = from + by;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[from], next[to]] = [next[to]!, next[from]!];
    setOrder(next);
    const stuck = to === 0 || to === order.length - 1;
    if (stuck) {
      requestAnimationFrame(() =>
        document.getElementById(`move-${method}-${by === -1 ? "down" : "up"}`)?.focus(),
      );
    }
  };
  return (
    <Card>
      <form className="space-y-5" onSubmit={submit}>
        <h2 className="text-lg font-semibold text-slate-950">{t.sandboxApp.startTitle}</h2>
        <div className="space-y-1.5">
          <label htmlFor="sandbox-app-phone" className="text-sm font-medium text-slate-900">
            {t.sandboxApp.phoneLabel}
          </label>
          <input
            id="sandbox-app-phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            value={phone}
            onChange={(event) => {
              setPhone(event.target.value);
              setProblem(undefined);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={
              problem
                ? "sandbox-app-phone-problem sandbox-app-phone-hint"
                : "sandbox-app-phone-hint"
            }
            className="block w-full rounded-xl border border-slate-300 px-3 py-2.5 text-base text-slate-950 aria-invalid:border-red-500"
          />
          {problem && (
            <p id="sandbox-app-phone-problem" className="text-sm text-red-700">
              {problem}
            </p>
          )}
          <p id="sandbox-app-phone-hint" className="text-sm text-slate-600">
            {t.sandboxApp.phoneHint}
          </p>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-900">{t.sandboxApp.methods}</legend>
          <ol className="space-y-1" data-testid="session-methods">
            {order.map((method, index) => (
              <li key={method} className="flex items-center gap-2 text-sm text-slate-800">
                <label className="flex min-h-11 flex-1 items-center gap-2">
                  <input
                    type="checkbox"
                    checked={allowed.includes(method)}
                    onChange={() => toggle(method)}
                    className="size-4"
                  />
                  {t.methods[method].title}
                </label>
                <MoveButton
                  id={`move-${method}-up`}
                  label={format(t.sandboxApp.moveUp, { method: t.methods[method].title })}
                  disabled={index === 0}
                  onClick={() => move(method, -1)}
                >
                  ↑
                </MoveButton>
                <MoveButton
                  id={`move-${method}-down`}
                  label={format(t.sandboxApp.moveDown, { method: t.methods[method].title })}
                  disabled={index === order.length - 1}
                  onClick={() => move(method, 1)}
                >
                  ↓
                </MoveButton>
              </li>
            ))}
          </ol>
          {noMethod && (
            <p role="alert" className="text-sm text-red-700">
              {t.sandboxApp.noMethod}
            </p>
          )}
        </fieldset>
        {start.isError && <Alert>{failureText(start.error)}</Alert>}
        <Button
          type="submit"
          pending={start.isPending || start.isSuccess}
          disabled={!chosen.length}
          onInactiveClick={() => setNoMethod(chosen.length === 0)}
        >
          {t.sandboxApp.start}
        </Button>
      </form>
    </Card>
  );
}

function MoveButton({
  id,
  label,
  disabled,
  onClick,
  children,
}: {
  id: string;
  label: string;
  disabled: boolean;
  onClick: () => void;
  children: string;
}) {
  return (
    <button
      type="button"
      id={id}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="grid size-11 shrink-0 place-items-center rounded-lg border border-slate-300 text-slate-700 hover:bg-slate-50 disabled:border-slate-200 disabled:text-slate-300"
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}
