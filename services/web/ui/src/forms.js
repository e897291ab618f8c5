// Forms: the values as the person typed them (FormData, so that what is in the boxes is what is
// sent); a service's error shown next to the field it names (error.field), else under the form.
import { reactive } from 'vue';
import { ElMessage } from 'element-plus/es/components/message/index.mjs';
import { ApiError } from './api.js';

export function useForm(submit, done, { saved = '已保存' } = {}) {
  const form = reactive({ errors: {}, general: '', busy: false });
  form.onSubmit = async (ev) => {
    const el = ev.target;
    form.errors = {}; form.general = '';
    // A hidden input (a picker's value) cannot be `required`: checked here, before any call.
    const missing = [...el.querySelectorAll('[data-required]')].filter((i) => !i.value);
    if (missing.length) {
      form.errors = Object.fromEntries(missing.map((i) => [i.name, '请填写此项']));
      return;
    }
    form.busy = true;
    try {
      await submit(Object.fromEntries(new FormData(el)));
      el.reset();
      if (saved) ElMessage({ type: 'success', message: saved, duration: 2000 });
      if (done) await done();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const msg = e.code === 'PERMISSION_DENIED' ? '无权限：' + e.message : e.message;
      const name = (e.field || '').split('.').pop();
      const input = name && (el.querySelector(`[data-field="${e.field}"]`) || el.querySelector(`[data-field$=".${name}"]`) || el.querySelector(`[name="${name}"]`));
      if (input && input.name) form.errors = { [input.name]: msg };
      else form.general = msg;
    } finally {
      form.busy = false;
    }
  };
  return form;
}
