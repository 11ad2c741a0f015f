import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Optional native packages are never bundled: they are loaded at run time where present.
const externalizeDeps = { include: ['electron', '@tensorflow/tfjs-node', '@tensorflow/tfjs'] };

export default defineConfig({
  main: {
    build: {
      externalizeDeps,
      rollupOptions: {
        // Every Node-side entry point: the Electron main process, the web host,
        // the trainer process and the CLI share one build.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/server/index.ts'),
          trainer: resolve(__dirname, 'src/trainer/index.ts'),
          // The packaged desktop app's trainer entry: Electron's utility process bridged to trainer.js.
          trainerUtility: resolve(__dirname, 'src/main/trainerUtility.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot require node_modules, so zod-free channel names are bundled in.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves bundles unminified; the UI is also served over HTTP in web mode.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
