import { strict as assert } from 'node:assert';
import { CONTEXT_MOVES, Dice, planWalk, SOAK_FIXTURES, SOAK_MODELS, SOAK_THEMES, type SoakAction } from '../../../e2e/soak/plan';

// The e2e soak test replays a failing walk from its seed: that only works if the plan is a pure
// function of the seed and covers what it claims to.
describe('soak walk plan (test/e2e/soak)', () => {
  it('is the same walk for the same seed, and another for another seed', () => {
    assert.deepEqual(planWalk(12345, 200), planWalk(12345, 200));
    assert.notDeepEqual(planWalk(12345, 200), planWalk(12346, 200));
    // A longer walk starts like the shorter one (each step has its own generator).
    assert.deepEqual(planWalk(7, 300).slice(0, 100).map((step) => step.action), planWalk(7, 100).map((step) => step.action));
  });

  it('draws integers within their bounds, each value of a small range', () => {
    const dice = new Dice(42);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = dice.int(3, 7);
      assert.ok(Number.isInteger(value) && value >= 3 && value <= 7, String(value));
      seen.add(value);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
  });

  it('uses every action, fixture, model and theme over a long walk', () => {
    const actions = planWalk(99, 3000).map((step) => step.action);
    const kinds = new Set(actions.map((action) => action.kind));
    const allKinds: SoakAction['kind'][] = ['open', 'untitled', 'switchTab', 'close', 'type', 'paste', 'select', 'delete', 'undo', 'openPanel', 'closePanel', 'resize', 'panelControl', 'pickModel', 'theme', 'report', 'context', 'tokenView', 'sections', 'focusEditor', 'wait'];
    assert.deepEqual([...kinds].sort(), [...allKinds].sort());
    const of = <K extends SoakAction['kind']>(kind: K): Extract<SoakAction, { kind: K }>[] => actions.filter((action): action is Extract<SoakAction, { kind: K }> => action.kind === kind);
    assert.deepEqual(new Set(of('open').map((action) => action.file)), new Set(SOAK_FIXTURES));
    assert.deepEqual(new Set(of('pickModel').map((action) => action.model)), new Set(SOAK_MODELS));
    assert.deepEqual(new Set(of('context').map((action) => action.move)), new Set(CONTEXT_MOVES));
    assert.deepEqual(new Set(of('theme').map((action) => action.theme)), new Set(SOAK_THEMES));
    assert.ok(of('paste').some((action) => /[\u4e00-\u9fff]/.test(action.text)), 'some pastes are Chinese');
    for (const action of of('paste')) {
      assert.ok(action.text.length >= 1024 && action.text.length < 7 * 1024, `paste of ${action.text.length} characters`);
      // The oracle compares with the editor's text as copied: CRLF would depend on the editor's EOL.
      assert.ok(!action.text.includes('\r'));
    }
  });

  it('checks quietly after every 3rd to 7th step and after the last', () => {
    const plan = planWalk(2024, 500);
    assert.equal(plan[plan.length - 1]!.quietCheckAfter, true);
    let since = 0;
    for (const [index, step] of plan.entries()) {
      since++;
      if (!step.quietCheckAfter) continue;
      // The last one may come sooner: the walk ends there.
      if (index < plan.length - 1) assert.ok(since >= 3 && since <= 7, `a quiet check after ${since} steps`);
      since = 0;
    }
  });
});
