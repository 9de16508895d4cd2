// Runs once when the server starts: settings are checked and the database migrated before
// the first request, so that a bad setting stops the app at once with a clear message.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startup } = await import("./lib/startup");
  await startup();
}
