import { PhoneNumber } from "./phone-number";
import { Rich } from "./rich";

/**
 * On the start page, once a verification signed this browser in: with which number, and the
 * way out (a form: it works before any script has loaded), which looks like the app's text links.
 * Words from the page (server-only).
 */
export function SignedInNote({
  phone,
  text,
  signOut,
}: {
  phone: string;
  text: string;
  signOut: string;
}) {
  return (
    <div
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
      data-testid="signed-in"
    >
      <p>
        <Rich text={text} values={{ phone: <PhoneNumber value={phone} /> }} />
      </p>
      <form action="/api/session/sign-out" method="post">
        <button
          type="submit"
          // 44 px tall for a finger, its margins taking back the room it adds around the words.
          className="text-brand-700 hover:text-brand-900 -my-3 py-3 font-medium underline underline-offset-2"
        >
          {signOut}
        </button>
      </form>
    </div>
  );
}
