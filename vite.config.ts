import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressPlugin } from './scripts/precompress.ts';
import { zodWithoutJsonSchema } from './scripts/zodWithoutJsonSchema.ts';

const backend = process.env.ROUNDTABLE_DEV_BACKEND ?? 'http://127.0.0.1:3000';

// Phones run Preact's React layer: the same components and hooks in about a tenth of react-dom's
// bytes (docs: README "Light on the network"). Types still come from @types/react.
const preact = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
];

export default defineConfig({
  root: 'client',
  resolve: { alias: preact },
  plugins: [zodWithoutJsonSchema(), react(), precompressPlugin()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    // The server reads it to name, in each page it serves, the hashed chunks that page will need
    // (the language catalogues), so the browser fetches them beside the entry script
    // (server/transport/http/shell.ts).
    manifest: true,
    rollupOptions: {
      // The service worker is its own entry with a fixed name: browsers find it at /sw.js.
      input: {
        index: fileURLToPath(new URL('client/index.html', import.meta.url)),
        sw: fileURLToPath(new URL('client/sw.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    // `npm run dev:client` serves the client with hot reload and forwards the API to `npm run dev`.
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
      '/yjs': { target: backend, ws: true },
    },
  },
});
