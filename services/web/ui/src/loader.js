// A view's data: loaded when it opens; the route marked rendered (document.body.dataset.ready,
// which the browser tests wait for) once the data are on the page, or the error is.
import { nextTick, reactive } from 'vue';

export function useLoader(load) {
  const view = reactive({ data: null, error: null, loading: true });
  view.reload = async () => {
    try {
      view.data = await load();
      view.error = null;
    } catch (e) {
      view.error = e;
      if (!e || e.http === undefined) console.error(e);
    } finally {
      view.loading = false;
    }
  };
  const hash = location.hash;
  view.reload().then(() => nextTick()).then(() => {
    if (location.hash === hash) document.body.dataset.ready = hash;
  });
  return view;
}
