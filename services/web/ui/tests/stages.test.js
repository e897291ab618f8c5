import { describe, expect, it } from 'vitest';
import { nextStages } from '../src/stages.js';

const names = (p) => nextStages(p).map((x) => x.stage.replace('STAGE_', ''));

describe('the stages the project service would accept next', () => {
  it('goes forward one stage at a time, back with a reason, suspends or cancels', () => {
    expect(names({ stage: 'STAGE_PLANNING' })).toEqual(['SIGNED', 'SUSPENDED', 'CANCELLED']);
    const approved = nextStages({ stage: 'STAGE_APPROVED' });
    expect(approved.map((x) => x.stage)).toEqual(['STAGE_LAND_ACQUIRED', 'STAGE_PLANNING', 'STAGE_SIGNED', 'STAGE_SUSPENDED', 'STAGE_CANCELLED']);
    expect(approved.find((x) => x.stage === 'STAGE_PLANNING').needsReason).toBe(true);
    expect(approved[0].needsReason).toBe(false);
  });
  it('asks for the land area before 取得土地 when the project has none', () => {
    expect(nextStages({ stage: 'STAGE_APPROVED' })[0].needs).toEqual(['landAreaMu']);
    expect(nextStages({ stage: 'STAGE_APPROVED', landAreaMu: 30 })[0].needs).toEqual([]);
  });
  it('lets an expansion skip 取得土地', () => {
    expect(names({ stage: 'STAGE_APPROVED', expansion: true }).slice(0, 2)).toEqual(['LAND_ACQUIRED', 'UNDER_CONSTRUCTION']);
  });
  it('resumes a suspended project to the stage it was suspended in, or earlier with a reason', () => {
    const p = { stage: 'STAGE_SUSPENDED', stageHistory: [{ fromStage: 'STAGE_PLANNING', toStage: 'STAGE_SIGNED' }, { fromStage: 'STAGE_SIGNED', toStage: 'STAGE_SUSPENDED' }] };
    expect(names(p)).toEqual(['SIGNED', 'PLANNING', 'CANCELLED']);
  });
  it('offers nothing for a cancelled project, nothing for the last stage but going back', () => {
    expect(nextStages({ stage: 'STAGE_CANCELLED' })).toEqual([]);
    expect(names({ stage: 'STAGE_IN_PRODUCTION' })[0]).toBe('PLANNING');
  });
});
