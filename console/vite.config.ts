import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into console/dist, which the server serves at / (src/http/console/console-files.ts).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/networking': 'http://127.0.0.1:8080', '/signup/': 'http://127.0.0.1:8080' } },
});
