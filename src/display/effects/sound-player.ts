// Synthesized sounds (Web Audio, no files): a short wooden tick and a rising win chord. Browsers
// let a page start audio only after a user gesture (autoplay policy), so the AudioContext is
// created and resumed from one; before that, and wherever audio fails or is missing, the sounds
// are silently skipped. Nothing here ever throws to its caller.

export type AudioStatus = 'locked' | 'running' | 'unavailable' | 'failed';

export interface SoundPlayer {
  /** Creates or resumes the AudioContext; call from a user gesture's event handler. */
  unlock(): void;
  playTick(): void;
  playWin(): void;
  readonly status: AudioStatus;
}

type AudioContextConstructor = new () => AudioContext;

const TICK_GAIN = 0.35;
const TICK_DURATION_S = 0.035;
const TICK_FILTER_HZ = 2_400;
const WIN_GAIN = 0.22;
/** C5, E5, G5, C6: a major arpeggio. */
const WIN_NOTES_HZ = [523.25, 659.25, 783.99, 1046.5];
const WIN_NOTE_STEP_S = 0.11;
const WIN_NOTE_LENGTH_S = 0.9;

function findAudioContext(): AudioContextConstructor | null {
  const scope = globalThis as {
    AudioContext?: AudioContextConstructor;
    webkitAudioContext?: AudioContextConstructor;
  };
  return scope.AudioContext ?? scope.webkitAudioContext ?? null;
}

export function createSoundPlayer(
  getConstructor: () => AudioContextConstructor | null = findAudioContext,
): SoundPlayer {
  let context: AudioContext | null = null;
  let noise: AudioBuffer | null = null;
  let status: AudioStatus = 'locked';

  const fail = (what: string, error: unknown): void => {
    status = 'failed';
    console.warn(`prizewheel: sound ${what} failed`, error);
  };

  const running = (): AudioContext | null => {
    if (context === null || context.state !== 'running') return null;
    status = 'running';
    return context;
  };

  const noiseBuffer = (ctx: AudioContext): AudioBuffer => {
    if (noise !== null) return noise;
    const buffer = ctx.createBuffer(1, Math.ceil(ctx.sampleRate * TICK_DURATION_S), ctx.sampleRate);
    const samples = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) samples[i] = (Math.random() * 2 - 1) * (1 - i / samples.length);
    noise = buffer;
    return buffer;
  };

  return {
    get status() {
      return status;
    },
    unlock() {
      if (status === 'unavailable' || status === 'failed') return;
      try {
        if (context === null) {
          const Constructor = getConstructor();
          if (Constructor === null) {
            status = 'unavailable';
            return;
          }
          context = new Constructor();
        }
        if (context.state === 'suspended') {
          void context.resume().then(
            () => void running(),
            (error: unknown) => fail('resume', error),
          );
        }
        running();
      } catch (error) {
        fail('start', error);
      }
    },
    playTick() {
      const ctx = running();
      if (ctx === null) return;
      try {
        const at = ctx.currentTime;
        const source = ctx.createBufferSource();
        source.buffer = noiseBuffer(ctx);
        const filter = ctx.createBiquadFilter();
        filter.type = 'bandpass';
        filter.frequency.value = TICK_FILTER_HZ;
        filter.Q.value = 3;
        const gain = ctx.createGain();
        gain.gain.setValueAtTime(TICK_GAIN, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + TICK_DURATION_S);
        source.connect(filter).connect(gain).connect(ctx.destination);
        source.start(at);
        source.stop(at + TICK_DURATION_S);
      } catch (error) {
        fail('tick', error);
      }
    },
    playWin() {
      const ctx = running();
      if (ctx === null) return;
      try {
        const start = ctx.currentTime + 0.02;
        WIN_NOTES_HZ.forEach((frequency, i) => {
          const at = start + i * WIN_NOTE_STEP_S;
          const oscillator = ctx.createOscillator();
          oscillator.type = 'triangle';
          oscillator.frequency.value = frequency;
          const gain = ctx.createGain();
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(WIN_GAIN, at + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + WIN_NOTE_LENGTH_S);
          oscillator.connect(gain).connect(ctx.destination);
          oscillator.start(at);
          oscillator.stop(at + WIN_NOTE_LENGTH_S);
        });
      } catch (error) {
        fail('win', error);
      }
    },
  };
}
