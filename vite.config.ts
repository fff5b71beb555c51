import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Two pages, built once into dist/web and served by the Fastify server:
//   /admin          -> src/admin/index.html (React)
//   /wheel/:slug    -> src/display/index.html (framework-free canvas)
//   /verify/:slug   -> src/verify/index.html (framework-free, recomputes verifiable draws)
export default defineConfig({
  root: resolve(import.meta.dirname, 'src'),
  base: '/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        admin: resolve(import.meta.dirname, 'src/admin/index.html'),
        display: resolve(import.meta.dirname, 'src/display/index.html'),
        verify: resolve(import.meta.dirname, 'src/verify/index.html'),
      },
    },
  },
});
