"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";
import { useFailureText } from "../failure-text";
import { useI18n } from "../i18n";
import { Alert, Button, Card } from "../ui";

/**
 * The integrating app's "Verify your phone" button: its server makes a session (with or
 * without a number, with the methods ticked) and the browser goes to the session's url.
 */
export function StartSession({ methods }: { methods: MethodName[] }) {
  const { t } = useI18n();
  const failureText = useFailureText();
  const [phone, setPhone] = useState("");
  const [chosen, setChosen] = useState<MethodName[]>(methods);
  const start = useMutation({
    mutationFn: () =>
      apiFetch<{ id: string; url: string }>("/api/sandbox/sessions", {
        method: "POST",
        json: { ...(phone.trim() ? { phone: phone.trim() } : {}), methods: chosen },
      }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const toggle = (method: MethodName) =>
    setChosen((list) =>
      list.includes(method)
        ? list.filter((item) => item !== method)
        : methods.filter((item) => item === method || list.includes(item)),
    );
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
            onChange={(event) => setPhone(event.target.value)}
            aria-describedby="sandbox-app-phone-hint"
            className="block w-full rounded-xl border border-slate-300 px-3 py-2.5 text-base text-slate-950"
          />
          <p id="sandbox-app-phone-hint" className="text-sm text-slate-600">
            {t.sandboxApp.phoneHint}
          </p>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-900">{t.sandboxApp.methods}</legend>
          {methods.map((method) => (
            <label key={method} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                checked={chosen.includes(method)}
                onChange={() => toggle(method)}
                className="size-4"
              />
              {t.methods[method].title}
            </label>
          ))}
        </fieldset>
        {start.isError && <Alert>{failureText(start.error)}</Alert>}
        <Button
          type="submit"
          pending={start.isPending || start.isSuccess}
          disabled={!chosen.length}
        >
          {t.sandboxApp.start}
        </Button>
      </form>
    </Card>
  );
}
