/**
 * The new-message sound: a short two-tone beep made with Web Audio, or a site-supplied sound file.
 *
 * Browsers only let a page make sound after the user has interacted with it, so the player stays silent until
 * `unlock()` is called from inside a user gesture (the alerts module does that on the first pointer or key).
 */
export interface SoundPlayer {
  /** Call from a user-gesture handler: creates/resumes the audio context or primes the audio element. */
  unlock(): void;
  readonly unlocked: boolean;
  /** Plays once if unlocked; otherwise does nothing. */
  play(): void;
  dispose(): void;
}

type AudioContextCtor = new () => AudioContext;

function audioContextCtor(win: Window): AudioContextCtor | undefined {
  const w = win as Window & { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  return w.AudioContext ?? w.webkitAudioContext;
}

/** Two short sine tones (E6 then A6) with quick fades, quiet enough not to startle. */
function beep(ctx: AudioContext): void {
  const start = ctx.currentTime;
  [1318.5, 1760].forEach((frequency, i) => {
    const t = start + i * 0.12;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(frequency, t);
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.1);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.11);
  });
}

export function createSoundPlayer(win: Window, url?: string): SoundPlayer {
  let ctx: AudioContext | undefined;
  let audio: HTMLAudioElement | undefined;
  let unlocked = false;

  return {
    get unlocked() {
      return unlocked;
    },
    unlock() {
      if (unlocked) return;
      try {
        if (url) {
          audio = new (win as Window & typeof globalThis).Audio(url);
          audio.preload = 'auto';
          // Safari unlocks an element for later playback only after it played once inside a gesture.
          audio.muted = true;
          const primed = audio.play();
          const restore = () => {
            audio!.pause();
            audio!.currentTime = 0;
            audio!.muted = false;
          };
          if (primed && typeof primed.then === 'function') primed.then(restore, restore);
          else restore();
          unlocked = true;
        } else {
          const Ctor = audioContextCtor(win);
          if (!Ctor) return;
          ctx = new Ctor();
          if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
          unlocked = true;
        }
      } catch {
        // No audio on this device: stay silent.
      }
    },
    play() {
      if (!unlocked) return;
      try {
        if (audio) {
          audio.currentTime = 0;
          void audio.play()?.catch(() => {});
        } else if (ctx) {
          if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
          beep(ctx);
        }
      } catch {
        // A failed beep is not worth an error.
      }
    },
    dispose() {
      void ctx?.close().catch(() => {});
      audio?.pause();
      ctx = undefined;
      audio = undefined;
      unlocked = false;
    },
  };
}
