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
        manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts'
          : id.includes('node_modules') ? 'vendor' : undefined),
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
  },
});
