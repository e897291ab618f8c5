import { describe, expect, it } from 'vitest';
import { state, may, fieldLabel } from '../src/store.js';

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
