import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The cashier UI: built into dist/renderer, served by serve mode at / and loaded by Electron.
// Relative asset paths work under both (http://127.0.0.1:PORT/ and the app's own protocol).
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
