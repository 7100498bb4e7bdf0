/** Stand-ins for browser audio and notification APIs, recording what the alerts module does with them. */

export class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  state: AudioContextState = 'suspended';
  currentTime = 0;
  destination = {};
  tones = 0;
  resumed = 0;
  closed = false;
  constructor() {
    FakeAudioContext.instances.push(this);
  }
  resume() {
    this.resumed++;
    this.state = 'running';
    return Promise.resolve();
  }
  close() {
    this.closed = true;
    return Promise.resolve();
  }
  createOscillator() {
    return {
      type: 'sine',
      frequency: { setValueAtTime() {} },
      // Like AudioNode.connect: returns the node connected to, so calls chain.
      connect: <T>(node: T) => node,
      start: () => {
        this.tones++;
      },
      stop() {},
    };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: <T>(node: T) => node };
  }
  /** Beeps played so far (two tones each). */
  static beeps(): number {
    return FakeAudioContext.instances.reduce((n, c) => n + c.tones, 0) / 2;
  }
}

export class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static instances: FakeNotification[] = [];
  static requestPermission = async () => FakeNotification.permission;
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.instances.push(this);
  }
  close() {
    this.closed = true;
  }
}

export class FakeAudio {
  static instances: FakeAudio[] = [];
  plays = 0;
  muted = false;
  preload = '';
  currentTime = 0;
  constructor(readonly src: string) {
    FakeAudio.instances.push(this);
  }
  play() {
    this.plays++;
    return Promise.resolve();
  }
  pause() {}
}
