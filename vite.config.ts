import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressPlugin } from './scripts/precompress.ts';

const backend = process.env.ROUNDTABLE_DEV_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'client',
  plugins: [react(), precompressPlugin()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: false },
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
