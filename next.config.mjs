// Paths (without their leading slash, as regular expressions) whose routes set their own
// Content-Security-Policy and Referrer-Policy.
const OWN_POLICY_ROUTES = [
  "phone-check/open/[^/]+$",
  "session/[^/]+/open$",
  "api/phone-check/redirect$",
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build directory lets tests build beside a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  // `npm test` checks the types (`npm run typecheck`) just before the e2e suite builds the app:
  // that build (playwright.config.ts sets E2E_BUILD=1) does not check them a second time. Every
  // other build, a deploy's above all, still fails on a type error.
  typescript: { ignoreBuildErrors: process.env.E2E_BUILD === "1" },
  poweredByHeader: false,
  // The migrations are read from disk at start; serverless bundles must carry them.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  // `next dev` would otherwise write an AGENTS.md into a newcomer's fresh checkout, an untracked
  // file that is not part of this project.
  agentRules: false,
  experimental: { agentUpgrade: false },
  // On every answer. No page of ours is meant to be framed: inside a frame on another site a
  // click is same-origin and passes the cross-site check, so a framed "Send code" would send
  // SMS from each visitor's own address. HSTS is ignored over http (development, tests).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Strict-Transport-Security", value: "max-age=31536000" },
        ],
      },
      {
        // Not on the routes that answer with a policy of their own (the one-time links' pages,
        // with no script or one hashed script, and the redirect that must not pass its address
        // on): Next sets these after a route's headers, and would replace theirs.
        source: `/:path((?!${OWN_POLICY_ROUTES.join("|")}).*)`,
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
