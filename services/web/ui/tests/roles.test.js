import { describe, expect, it } from 'vitest';
import { state, may, fieldLabel, setSession, highestRole } from '../src/store.js';

describe('actions offered by the caller\'s role', () => {
  it('hides what the session\'s role may not do', () => {
    state.role = 'ROLE_VIEWER';
    expect(may('editor')).toBe(false);
    state.role = 'viewer';
    expect(may('ROLE_EDITOR')).toBe(false);
    state.role = 'editor';
    expect(may('editor')).toBe(true);
    expect(may('admin')).toBe(false);
    state.role = 'ROLE_ADMIN';
    expect(may('editor')).toBe(true);
  });
  it('offers the action when the session says no role (the service decides)', () => {
    state.role = '';
    expect(may('editor')).toBe(true);
  });
  it('takes field labels from the contracts', () => {
    state.fields = { project: { landAreaMu: '用地' } };
    expect(fieldLabel('project', 'landAreaMu')).toBe('用地');
    expect(fieldLabel('project', 'nope')).toBe('nope');
  });
});

describe('a signed-in person\'s role', () => {
  it('is the highest of their roles, a leader reading as a viewer does', () => {
    expect(highestRole(['PERSON_ROLE_VIEWER', 'PERSON_ROLE_EDITOR'])).toBe('editor');
    expect(highestRole(['PERSON_ROLE_LEADER'])).toBe('viewer');
    expect(highestRole(['PERSON_ROLE_REVIEWER'])).toBe('reviewer');
    expect(highestRole([])).toBe('');
  });
  it('decides what the page offers once the session names it', () => {
    setSession({ csrf: 'c', signedIn: true, person: { displayName: '张三', roles: ['PERSON_ROLE_VIEWER'] } });
    expect(may('editor')).toBe(false);
    setSession({ csrf: 'c', signedIn: true, person: { displayName: '李四', roles: ['PERSON_ROLE_REVIEWER'] } });
    expect(may('editor')).toBe(true);
    expect(may('admin')).toBe(false);
    setSession({ csrf: 'c', signedIn: true, kind: 'token' });  // a machine token: the services decide
    expect(may('admin')).toBe(true);
  });
});
