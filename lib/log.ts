// JSON lines, on stdout (warnings and errors on stderr). Codes, tokens and secrets never go in here (docs/security.md#logging).

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

function threshold(): number {
  const wanted = process.env.LOG_LEVEL as Level | undefined;
  return levels[wanted && wanted in levels ? wanted : "info"];
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (levels[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
