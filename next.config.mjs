/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build directory lets tests build beside a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // The migrations are read from disk at start; serverless bundles must carry them.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  // `next dev` would otherwise write an AGENTS.md into a newcomer's fresh checkout, an untracked
  // file that is not part of this project.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default nextConfig;
