import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// The GUI is served by the C++ server (src/web) from web/dist; `npm run dev` proxies the API to a
// locally running `headcount run` on port 8080.
export default defineConfig({
  plugins: [preact()],
  base: './',
  server: {
    fs: { allow: ['..'] },
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  test: { environment: 'node', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
