// The stage changes the project service would accept next, and what each asks for: the rules of
// services/project/stage_rules.h (CheckStageChange, CheckStageRequirements), so that the page
// offers only moves the service takes and asks for a required fact before it refuses.
// Contract: nextStages(project, order) → [{ stage, needsReason, needs: ['landAreaMu' | 'signedAmount'] }],
// `order` the Stage enum's names in the proto's order (PLANNING..IN_PRODUCTION, SUSPENDED,
// CANCELLED); none for a cancelled project.

const ACTIVE = ['STAGE_PLANNING', 'STAGE_SIGNED', 'STAGE_APPROVED', 'STAGE_LAND_ACQUIRED',
  'STAGE_UNDER_CONSTRUCTION', 'STAGE_COMPLETED', 'STAGE_IN_PRODUCTION'];
const rank = (s) => ACTIVE.indexOf(s);
const known = (v) => v !== undefined && v !== null && v !== '';

// What the target stage needs that the project lacks.
export function needs(project, to) {
  const out = [];
  if (to === 'STAGE_LAND_ACQUIRED' && !known(project.landAreaMu)) out.push('landAreaMu');
  if (to === 'STAGE_SIGNED') out.push('signedAmount');  // optional when the total investment is set
  return out;
}

export function nextStages(project) {
  const from = project.stage || 'STAGE_PLANNING';
  if (from === 'STAGE_CANCELLED') return [];
  const out = [];
  const add = (stage, needsReason) => out.push({ stage, needsReason, needs: needs(project, stage) });
  // The stage a suspended project was suspended in (the last suspension's from_stage).
  let current = from;
  if (from === 'STAGE_SUSPENDED') {
    current = 'STAGE_PLANNING';
    for (const c of project.stageHistory || []) if (c.toStage === 'STAGE_SUSPENDED') current = c.fromStage || 'STAGE_PLANNING';
  }
  for (const to of ACTIVE) {
    if (to === from) continue;
    if (from === 'STAGE_SUSPENDED' && to === current) add(to, false);
    else if (rank(to) < rank(current)) add(to, true);
    else if (from !== 'STAGE_SUSPENDED' && (rank(to) === rank(current) + 1 ||
      (project.expansion && current === 'STAGE_APPROVED' && to === 'STAGE_UNDER_CONSTRUCTION'))) add(to, false);
  }
  if (from !== 'STAGE_SUSPENDED') add('STAGE_SUSPENDED', true);
  add('STAGE_CANCELLED', true);
  // Forward moves first (what a clerk does most), then going back, suspending, cancelling.
  const weight = (x) => (rank(x.stage) > rank(current) || (from === 'STAGE_SUSPENDED' && x.stage === current) ? 0 : rank(x.stage) >= 0 ? 1 : 2);
  return out.sort((a, b) => weight(a) - weight(b));
}
