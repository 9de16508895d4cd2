// Vitest stands in this empty module for "server-only", which only Next's bundler resolves.
export {};
