// Builds the dashboard into ../assets/, which src/assets.rs embeds in the binary.
// File names are fixed (no content hash) so assets.rs does not change on every build; the server
// sends them with `Cache-Control: no-cache` semantics left to the API side.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "../assets",
    emptyOutDir: true,
    target: "es2022",
    // No inline polyfill script: the page must run under `default-src 'self'`.
    modulePreload: { polyfill: false },
    // Keep every file a file (no data: URLs, which the CSP would block).
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    rolldownOptions: {
      output: {
        entryFileNames: "assets/app.js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/[name][extname]",
      },
    },
  },
});
