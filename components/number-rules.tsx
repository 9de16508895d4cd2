/**
 * The simulated phone's documented number rules of one emulator, folded away: what a number
 * ending in each suffix makes the emulator do (a rule name like `not_user` reads "not user").
 */
export function NumberRules({
  provider,
  rules,
}: {
  provider: string;
  rules: Record<string, string>;
}) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600">Number rules ({provider})</summary>
      <ul className="mt-2 space-y-1 text-slate-700">
        {Object.entries(rules).map(([suffix, rule]) => (
          <li key={suffix}>
            Ending in <code className="font-mono">{suffix}</code>: {rule.replaceAll("_", " ")}
          </li>
        ))}
      </ul>
    </details>
  );
}
