/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build directory lets tests build beside a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // The migrations are read from disk at start; serverless bundles must carry them.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
};

export default nextConfig;
