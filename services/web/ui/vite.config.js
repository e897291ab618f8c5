// The workbench page: Vue 3 + Element Plus, built by Vite into dist/, which CMake copies to
// web_server's static directory. Vitest runs the component tests (tests/*.test.js) in happy-dom.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Libraries apart from the page's own code: they change less often.
        // Element Plus's components go with the views that use them (the bulletin's month picker
        // is not loaded by the overview).
        manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts'
          : /node_modules\/(@vue|vue)\//.test(id) ? 'vue' : undefined),
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
    // Element Plus's components import their CSS: let Vite, not Node, load them.
    server: { deps: { inline: ['element-plus'] } },
  },
});
