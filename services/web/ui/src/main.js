// The district workbench page: Vue 3 with Element Plus (zh-CN), each hash route a view over the web
// service's JSON API.
import { createApp } from 'vue';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/button/style/css';
import './style.css';
import App from './App.vue';
import { state, setSession, admitted, rememberWanted } from './store.js';
import { getSession, getLabels } from './api.js';
import { startRouter } from './router.js';

async function start() {
  const [s, labels] = await Promise.all([getSession(), getLabels()]);
  setSession(s);
  // A visitor who has not signed in is sent to 登录, and comes back to what they asked for.
  if (!admitted() && !location.hash.startsWith('#/signin')) {
    rememberWanted(location.hash);
    history.replaceState(null, '', '#/signin');
  }
  state.labels = labels.enums || {}; state.order = labels.order || []; state.sectors = labels.sectors || [];
  state.fields = labels.fields || {}; state.maxYuan = labels.maxYuan;
  startRouter();
  createApp(App).mount('#app');
}
start();
