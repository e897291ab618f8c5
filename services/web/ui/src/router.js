// Hash routes, as the page has always had them (#/project/P00000001, #/bulletin?month=2020-06).
import { reactive } from 'vue';

export const route = reactive({ hash: '', path: [], params: new URLSearchParams() });
export function parse(hash) {
  const [path, query] = (hash.slice(1) || '/overview').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}
function update() {
  const r = parse(location.hash);
  route.hash = location.hash; route.path = r.path; route.params = r.params;
}
export function startRouter() {
  update();
  window.addEventListener('hashchange', update);
}
export const go = (hash) => { location.hash = hash; };
