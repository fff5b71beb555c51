import type { StageState } from '../../core/index.ts';
import type { PresenterApi } from '../net/presenter-api.ts';
import type { ControllerDeps } from './deps.ts';
import { advanceAction, backAction, type ClickerAction, type ClickerContext } from './program-scenes.ts';
import type { ProgramView } from './program-view.ts';

export interface ClickerDeps extends Pick<ControllerDeps, 'getState'> {
  presenter: Pick<PresenterApi, 'setStage'>;
  view: Pick<ProgramView, 'paging' | 'showPage'>;
  requestDraw(): Promise<void>;
  /** The server answered a stage change: the program (and every screen) follows through the event. */
  onStageChanged(stage: StageState): void;
}

/** A presentation clicker on the big screen: advance, back and blank, on a wheel with prizes. */
export interface Clicker {
  press(key: 'advance' | 'back' | 'blank'): Promise<void>;
}

/** The clicker's context, or null where clickers do nothing (view-only page, no program, no prizes). */
function contextOf(deps: ClickerDeps): ClickerContext | null {
  const state = deps.getState();
  const program = state.program;
  const prizes = state.wheel?.snapshot.prizes ?? [];
  if (state.canSpin !== true || program === null || prizes.length === 0) return null;
  const { page, pageCount } = deps.view.paging();
  const idle = state.phase === 'idle' && !state.drawRequest.inFlight && state.spinWait === null;
  return { stage: program.stage, prizes, program, page, pageCount, idle };
}

async function perform(deps: ClickerDeps, action: ClickerAction): Promise<void> {
  switch (action.kind) {
    case 'spin':
      return deps.requestDraw();
    case 'page':
      return deps.view.showPage(action.page);
    case 'stage': {
      const stage = await deps.presenter.setStage(action.stage);
      if (stage !== null) deps.onStageChanged(stage);
      return;
    }
    case 'none':
      return;
  }
}

export function createClicker(deps: ClickerDeps): Clicker {
  return {
    async press(key) {
      const context = contextOf(deps);
      if (context === null) return;
      if (key === 'blank') {
        const stage = await deps.presenter.setStage({ blank: !context.stage.blank });
        if (stage !== null) deps.onStageChanged(stage);
        return;
      }
      if (deps.getState().phase === 'spinning') return;
      await perform(deps, key === 'advance' ? advanceAction(context) : backAction(context));
    },
  };
}
