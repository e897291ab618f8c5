// The web service's JSON API: /api/<service>/<method> (the protobuf JSON mapping of the suite's
// messages), the session, labels, history, imports. Errors as the services send them (AIP-193).
import { state } from './store.js';

export const SVC = {
  project: 'district.project.v1.ProjectService',
  recruitment: 'district.recruitment.v1.RecruitmentService',
  parks: 'district.parks.v1.ParkMetricsService',
  aggregator: 'district.aggregator.v1.DistrictService',
  identity: 'district.identity.v1.IdentityService',
};

// A refusal: the sentence to show (localizedMessage, zh-CN) when there is one, else the
// developers' message; the field at fault and every violation.
export class ApiError extends Error {
  constructor(error, http) {
    super(error.localizedMessage || error.message || '请求失败');
    this.code = error.code; this.field = error.field; this.violations = error.violations || [];
    this.developerMessage = error.message; this.http = http;
  }
}

// A write-safe POST of JSON to the web service (it wants the CSRF header on every POST).
export async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
    body: JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => ({ error: { code: 'UNKNOWN', message: res.statusText } }));
  if (!res.ok) throw new ApiError(data.error || {}, res.status);
  return data;
}

// A method of one of the suite's services, e.g. api('project', 'GetProject', { id }).
export const api = (service, method, body) => post(`/api/${SVC[service]}/${method}`, body);

export async function getSession() {
  const res = await fetch('/api/session', { credentials: 'same-origin' });
  return res.json();
}
export const signIn = (token) => post('/api/session', { token });
// A person's sign-in by 登录名 and 密码: { signedIn, mustChangePassword }.
export const signInPerson = (login, password) => post('/api/session', { login, password });
// 修改密码 of the person signed in; the service signs them in again with the new one.
export const changePassword = (oldPassword, newPassword) => post('/api/password', { oldPassword, newPassword });
export const signOut = () => post('/api/signout');
export const getLabels = () => fetch('/api/labels').then((r) => r.json());

// A record's audit trail: { ok, entries } or { ok: false, error }.
export async function getHistory(kind, id) {
  const res = await fetch(`/api/history/${kind}/${encodeURIComponent(id)}`, { credentials: 'same-origin' });
  const data = await res.json().catch(() => ({}));
  return res.ok ? { ok: true, entries: data.entries || [] } : { ok: false, error: data.error || { message: res.statusText } };
}

// A monthly return: the file goes as it is. { ok, status, data }.
export async function importReturn(kind, file) {
  const res = await fetch(`/api/import/${kind}`, {
    method: 'POST', credentials: 'same-origin', body: await file.arrayBuffer(),
    headers: { 'X-CSRF-Token': state.csrf, 'X-File-Name': encodeURIComponent(file.name), 'Content-Type': 'application/octet-stream' },
  });
  const data = await res.json().catch(() => ({}));
  return { ok: res.ok, statusText: res.statusText, data };
}

export const exportHref = (name, filter) => `/api/export/${name}.xlsx?filter=${encodeURIComponent(JSON.stringify(filter))}`;
