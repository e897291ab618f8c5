// What every view shares: the session, the contracts' labels, the current route.
import { reactive } from 'vue';
import { UNKNOWN, known } from './format.js';

export const state = reactive({ csrf: '', signedIn: false, labels: {}, order: [], sectors: [], banner: '',
  person: null, admin: false, mustChangePassword: false, anonymous: false });

// The session as GET /api/session gives it: who is signed in (person: displayName, unit, roleLabels,
// scope), whether an administrator, whether they must change their password first; anonymous: the
// web service lets visitors who have not signed in through (local development only).
export function setSession(s) {
  state.csrf = s.csrf; state.signedIn = !!s.signedIn; state.anonymous = !s.signedIn && !!s.anonymous;
  state.person = s.person || null; state.admin = !!s.admin; state.mustChangePassword = !!s.mustChangePassword;
  state.role = highestRole((state.person || {}).roles);
}

// A person's highest role as may() ranks them (a leader reads, as a viewer does); '' for a session
// that names none (a machine token's), whose actions are offered and decided by the services.
const PERSON_ROLES = { PERSON_ROLE_ADMIN: 'admin', PERSON_ROLE_REVIEWER: 'reviewer', PERSON_ROLE_EDITOR: 'editor',
  PERSON_ROLE_LEADER: 'viewer', PERSON_ROLE_VIEWER: 'viewer' };
export function highestRole(roles) {
  let best = '';
  for (const r of roles || []) {
    const mine = PERSON_ROLES[r];
    if (mine && (!best || RANKS[mine] > RANKS[best])) best = mine;
  }
  return best;
}

// An enum value's Chinese label from GET /api/labels; never the value's name.
// Whether the page may show anything but 登录: signed in, or anonymous access allowed.
export const admitted = () => state.signedIn || state.anonymous;
// Where a visitor sent to 登录 wanted to go, to go there once signed in.
const AFTER_SIGN_IN = 'district_after_signin';
export function rememberWanted(hash) {
  if (hash && !hash.startsWith('#/signin')) sessionStorage.setItem(AFTER_SIGN_IN, hash);
}
export function takeWanted() {
  const hash = sessionStorage.getItem(AFTER_SIGN_IN) || '#/overview';
  sessionStorage.removeItem(AFTER_SIGN_IN);
  return hash;
}

export const label = (v) => (known(v) ? state.labels[v] || '未知' : UNKNOWN);
// An enum's values in the protos' order, without UNSPECIFIED: e.g. values('STAGE_').
export const values = (prefix) => state.order.filter((k) => k.startsWith(prefix) && !k.endsWith('_UNSPECIFIED'));

export const SERVICE_NAMES = { project: '项目服务', recruitment: '招商服务', parks: '园区服务' };
export function partOk(parts, service) {
  const p = (parts || []).find((x) => x.service === service);
  return !p || p.available;
}
export function partWhy(parts, service) {
  const p = (parts || []).find((x) => x.service === service);
  return p ? p.error : '';
}

// A field's label from the contracts (GET /api/labels' fields), e.g. fieldLabel('project', 'landAreaMu').
export const fieldLabel = (kind, name) => ((state.fields || {})[kind] || {})[name] || name;
// Whether the signed-in caller may take an action wanting `role` (viewer < editor < reviewer <
// admin): from the session's role when it says one (ROLE_EDITOR or editor); when it does not, the
// action is offered and the service decides (its refusal is shown as 无权限).
const RANKS = { viewer: 1, editor: 2, reviewer: 3, admin: 4 };
export function may(role = 'editor') {
  const mine = String(state.role || '').replace(/^ROLE_/, '').toLowerCase();
  if (!RANKS[mine]) return true;
  return RANKS[mine] >= RANKS[String(role).replace(/^ROLE_/, '').toLowerCase()];
}
