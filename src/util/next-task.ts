/**
 * Resolves in a task of its own, so the work after it lets the page paint and handle input first: a message channel
 * (neither clamped nor throttled like timers, nor faked by test clocks), else a zero timeout.
 */
export const nextTask = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel !== 'function') return void setTimeout(resolve, 0);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
