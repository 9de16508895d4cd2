"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { Alert, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";

// The simulated phone's connection, as tru.ID's coverage lookup will see it: on mobile data, on
// Wi-Fi, or whatever this machine's address says (on a laptop: on no mobile network). The app
// asks the person to turn Wi-Fi off before a check unless the lookup says mobile data, so this
// is how a sandbox visitor sees both screens. It sets the visitor's own address only.

type Choice = "mobile" | "wifi" | "default";
type Network = { ip: string; network: "mobile" | "wifi" | "no_reach"; set: Choice };

const PATH = "/api/sandbox/tru-id/simulator/network";
const KEY = ["sandbox", "phonecheck-network"];
const CHOICES: Choice[] = ["mobile", "wifi", "default"];

export function NetworkSwitch() {
  const { t, format } = useI18n();
  const failureText = useFailureText();
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: KEY, queryFn: () => apiFetch<Network>(PATH) });
  const choose = useMutation({
    mutationFn: (network: Choice) => apiFetch<Network>(PATH, { method: "POST", json: { network } }),
    onSuccess: (answer) => queryClient.setQueryData(KEY, answer),
  });
  // While a choice is on its way, it shows as chosen; a failure puts back what the server has.
  const chosen = choose.isPending ? choose.variables : current.data?.set;
  const shown = current.data;
  const failure = choose.error ?? current.error;
  return (
    <fieldset className="space-y-2" data-testid="phone-network" aria-busy={choose.isPending}>
      <legend className="text-sm font-medium">{t.sandbox.connection}</legend>
      {/* Side by side at every width, as one choice reads (short words fit a phone's width). */}
      <div className="grid grid-cols-3 gap-1 rounded-xl bg-slate-100 p-1">
        {CHOICES.map((choice) => (
          <label
            key={choice}
            className="relative flex min-h-11 cursor-pointer items-center justify-center rounded-lg px-1 text-center text-xs text-slate-800 has-[:checked]:bg-white has-[:checked]:font-medium has-[:checked]:shadow-sm has-[:disabled]:cursor-wait has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 sm:px-2 sm:text-sm"
          >
            <input
              type="radio"
              name="phone-network"
              value={choice}
              className="sr-only"
              checked={chosen === choice}
              // Not disabled while a choice is on its way: a disabled radio would drop the
              // keyboard's focus. A change meanwhile is ignored, so the answers cannot cross.
              disabled={current.isPending}
              onChange={() => {
                if (!choose.isPending) choose.mutate(choice);
              }}
            />
            {t.sandbox.connectionChoices[choice]}
          </label>
        ))}
      </div>
      <p className="min-h-5 text-xs text-slate-700" aria-live="polite">
        {choose.isPending || current.isPending ? (
          <Spinner />
        ) : shown ? (
          format(t.sandbox.connectionNow[shown.network], { ip: shown.ip })
        ) : null}
      </p>
      {failure && <Alert>{failureText(failure)}</Alert>}
    </fieldset>
  );
}
