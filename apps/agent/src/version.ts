declare const __AGENT_VERSION__: string | undefined;

/** Injected by the esbuild bundle (build.mjs); the package version when run from source. */
export const AGENT_VERSION = typeof __AGENT_VERSION__ === "string" ? __AGENT_VERSION__ : "0.1.0-dev";
