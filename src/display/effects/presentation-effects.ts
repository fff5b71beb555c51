// The wheel page's presentation effects, wired in one place so app.ts only calls in: tick and win
// sounds with their mute toggle (button, M key, remembered), confetti, the resting-cursor hiding of
// kiosk screens, and the calm spin of view-only pages that prefer reduced motion.
import type { WheelArcs } from '../../core/index.ts';
import { rotationAtTime, type ActiveSpin, type DisplayState } from '../machine/display-machine.ts';
import type { Clock } from '../net/clock.ts';
import { calmRotationAt, prefersReducedMotion } from './calm-motion.ts';
import { hideRestingCursor, readKioskMode } from './kiosk-cursor.ts';
import { pageStorage, readMuted, showMuted, writeMuted } from './mute-toggle.ts';
import { createSoundPlayer, type AudioStatus, type SoundPlayer } from './sound-player.ts';
import { createTickGate } from './ticks.ts';

/** Tick times kept for the diagnostics (and the browser tests). */
const RECENT_TICKS_KEPT = 500;

export type SpinMotion = 'full' | 'calm';

/** What window.__prizewheel.effects shows. */
export interface EffectsStats {
  muted: boolean;
  audio: AudioStatus;
  /** Slice boundaries that passed the pointer during spins. */
  crossings: number;
  /** Ticks sounded (a muted page sounds none). */
  ticks: number;
  /** Win sounds sounded. */
  wins: number;
  /** Page times (ms) of the last ticks sounded. */
  readonly recentTickTimesMs: number[];
  /** How the last spin was shown. */
  lastSpinMotion: SpinMotion | null;
  /** Confetti bursts shown (none where the user prefers reduced motion). */
  confetti: number;
}

export interface PresentationEffects {
  readonly stats: EffectsStats;
  /** Chooses how this spin is shown: calm on a view-only page that prefers reduced motion. */
  animationStarted(spin: ActiveSpin, options: { viewOnly: boolean }): SpinMotion;
  /** The rotation to draw at `nowMs`: the machine's, or its calm version during a calm spin. */
  rotationAt(state: DisplayState, nowMs: number): number;
  /** Once per frame with the rotation drawn: sounds a tick when slice boundaries passed the pointer. */
  frame(spin: ActiveSpin | null, arcs: WheelArcs | null, rotation: number, nowMs: number): void;
  /** The wheel came to rest on the winner: the win sound; confetti is due (unless reduced motion). */
  landed(): void;
  /** The confetti burst that landed() made due, if any (the page calls it a frame or two later). */
  celebrate(): void;
  /** Loads what the first winner's celebration needs, so the landing does not (call when idle). */
  preload(): void;
  dispose(): void;
}

/** The confetti library, loaded once the wheel is on screen (see preload) or by the first burst. */
const loadConfetti = () => import('canvas-confetti');

/** A confetti burst over the winner. */
function showConfetti(): void {
  loadConfetti()
    .then(({ default: confetti }) =>
      confetti({
        particleCount: 160,
        spread: 100,
        startVelocity: 45,
        origin: { x: 0.5, y: 0.55 },
        disableForReducedMotion: true,
      }),
    )
    .catch((error: unknown) => console.error('prizewheel: confetti failed', error));
}

export function createPresentationEffects(options: {
  root: HTMLElement;
  muteButton: HTMLButtonElement;
  clock: Clock;
  search: string;
  player?: SoundPlayer;
  reducedMotion?: () => boolean;
}): PresentationEffects {
  const { root, muteButton, clock } = options;
  const player = options.player ?? createSoundPlayer();
  const reducedMotion = options.reducedMotion ?? prefersReducedMotion;
  const storage = pageStorage();
  const gate = createTickGate();
  const stats: EffectsStats = {
    muted: readMuted(storage),
    audio: player.status,
    crossings: 0,
    ticks: 0,
    wins: 0,
    recentTickTimesMs: [],
    lastSpinMotion: null,
    confetti: 0,
  };
  let calmSpinId: string | null = null;
  let previous: { spinId: string; rotation: number } | null = null;
  let celebrationDue = false;

  const unlockAudio = (): void => {
    if (!stats.muted) player.unlock();
    stats.audio = player.status;
  };
  const setMuted = (muted: boolean): void => {
    stats.muted = muted;
    writeMuted(storage, muted);
    showMuted(muteButton, muted);
    unlockAudio(); // unmuting is a gesture: the moment audio may start
  };
  const onMuteClick = (): void => {
    muteButton.blur(); // Space on a focused button would click it again instead of spinning
    setMuted(!stats.muted);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.code === 'KeyM' && !event.repeat && !event.altKey && !event.ctrlKey && !event.metaKey) {
      setMuted(!stats.muted);
      return;
    }
    unlockAudio();
  };

  showMuted(muteButton, stats.muted);
  muteButton.hidden = false;
  muteButton.addEventListener('click', onMuteClick);
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('pointerdown', unlockAudio);
  const stopCursor = hideRestingCursor(root, clock, { kiosk: readKioskMode(options.search) });

  return {
    stats,
    animationStarted(spin, { viewOnly }) {
      const motion: SpinMotion = viewOnly && reducedMotion() ? 'calm' : 'full';
      calmSpinId = motion === 'calm' ? spin.plan.id : null;
      stats.lastSpinMotion = motion;
      root.setAttribute('data-spin-motion', motion);
      gate.reset();
      previous = null;
      celebrationDue = false;
      return motion;
    },
    rotationAt(state, nowMs) {
      const spin = state.spin;
      if (spin !== null && spin.plan.id === calmSpinId) return calmRotationAt(spin, nowMs - spin.startedAtMs);
      return rotationAtTime(state, nowMs);
    },
    frame(spin, arcs, rotation, nowMs) {
      if (spin === null || arcs === null) {
        previous = null;
        return;
      }
      const from = previous?.spinId === spin.plan.id ? previous.rotation : null;
      previous = { spinId: spin.plan.id, rotation };
      if (from === null) return;
      const { tick, crossings } = gate.advance(arcs, from, rotation, nowMs);
      stats.crossings += crossings;
      if (!tick || stats.muted) return;
      stats.ticks += 1;
      stats.recentTickTimesMs.push(nowMs);
      if (stats.recentTickTimesMs.length > RECENT_TICKS_KEPT) stats.recentTickTimesMs.shift();
      player.playTick();
      stats.audio = player.status;
    },
    landed() {
      previous = null;
      if (!reducedMotion()) {
        stats.confetti += 1;
        celebrationDue = true;
      }
      if (stats.muted) return;
      stats.wins += 1;
      player.playWin();
      stats.audio = player.status;
    },
    celebrate() {
      if (!celebrationDue) return;
      celebrationDue = false;
      showConfetti();
    },
    preload() {
      if (!reducedMotion()) void loadConfetti().catch(() => undefined); // the burst reports a failure
    },
    dispose() {
      stopCursor();
      muteButton.removeEventListener('click', onMuteClick);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', unlockAudio);
    },
  };
}
