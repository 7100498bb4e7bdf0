// A fake message server for one ticket, wired to a fake WebSocket class and a fake document. It behaves like the
// real one where the auto transport's handover depends on it: the newest subscriber takes the ticket, an older
// held poll is answered at once (empty) and an older socket is closed with 4409; packets for nobody are queued.
// Every delivery goes through a lane (socket frames, script loads) that the test flushes, so it can choose races.
import type { TransportEnv } from '../../src/transport/types';
import { answerScript, fakeDocument, fakeWebSocketClass, wireMessage } from './fakes';
import type { FakeScript, FakeSocket } from './fakes';

type Lane = 'socket' | 'script';

/** How long the server holds a poll with nothing to say (the real one: ~20–28 s). */
export const HOLD_MS = 25_000;
type Subscriber = { kind: 'socket'; socket: FakeSocket } | { kind: 'poll'; script: FakeScript } | null;
type WireMessage = ReturnType<typeof wireMessage>;

export interface FakePushServer {
  env: TransportEnv;
  global: Record<string, unknown>;
  sockets: FakeSocket[];
  scripts: FakeScript[];
  /** Sockets are refused (error + 1006) while true. */
  refuseSockets: boolean;
  /** Sockets open but the subscription is never acked while true. */
  silentSockets: boolean;
  /** The server's hold ran out: every held poll is answered with an empty packet. */
  expireHolds(): void;
  /** Pushes a message to the ticket's subscriber (or queues it). */
  deliver(message: WireMessage): void;
  /** Runs pending deliveries of one lane (or all, in order) until none remain. */
  flush(lane?: Lane): void;
  /** Runs the oldest pending delivery of a lane; false when there was none. */
  step(lane: Lane): boolean;
  pending(lane: Lane): number;
  /** Held polls at this moment and the most ever held at once. */
  heldPolls(): number;
  maxHeldPolls: number;
  /** Sockets this server kicked with 4409 because a newer subscriber came. */
  kickedSockets: number;
}

export function createFakePushServer(): FakePushServer {
  const tasks: { lane: Lane; run: () => void }[] = [];
  const held = new Set<FakeScript>();
  let subscriber: Subscriber = null;
  let queue: WireMessage[] = [];

  const later = (lane: Lane, run: () => void) => tasks.push({ lane, run });

  function answerPoll(script: FakeScript, messages: WireMessage[]): void {
    held.delete(script);
    if (subscriber?.kind === 'poll' && subscriber.script === script) subscriber = null;
    // Answers to a script the client gave up on still run (browsers can't abort them): the client must cope.
    later('script', () => answerScript(global, script, { status: 'ok', messages }));
  }

  function takeTicket(next: Exclude<Subscriber, null>): void {
    const previous = subscriber;
    subscriber = next;
    if (previous?.kind === 'poll') answerPoll(previous.script, []);
    if (previous?.kind === 'socket' && previous.socket.readyState === 1) {
      server.kickedSockets++;
      later('socket', () => previous.socket.serverClose(4409));
    }
  }

  function onSocket(socket: FakeSocket): void {
    const send = socket.send.bind(socket);
    socket.send = (data: string) => {
      send(data);
      if (!data.startsWith('subscribe ') || server.silentSockets) return;
      takeTicket({ kind: 'socket', socket });
      const backlog = queue;
      queue = [];
      later('socket', () => socket.serverSend({ status: 'ok' }));
      if (backlog.length) later('socket', () => socket.serverSend({ status: 'ok', messages: backlog }));
    };
    const close = socket.close.bind(socket);
    socket.close = (code?: number) => {
      close(code);
      if (subscriber?.kind === 'socket' && subscriber.socket === socket) subscriber = null;
    };
    if (server.refuseSockets) {
      later('socket', () => {
        socket.serverError();
        socket.serverClose(1006);
      });
    } else later('socket', () => socket.serverOpen());
  }

  function onPoll(script: FakeScript): void {
    if (queue.length) {
      const backlog = queue;
      queue = [];
      answerPoll(script, backlog);
      return;
    }
    held.add(script);
    server.maxHeldPolls = Math.max(server.maxHeldPolls, held.size);
    takeTicket({ kind: 'poll', script });
    // Like the real server, answer empty when the hold runs out (tests run this on fake timers).
    setTimeout(() => {
      if (held.has(script)) {
        answerPoll(script, []);
        server.flush('script');
      }
    }, HOLD_MS);
  }

  const { WebSocket, sockets } = fakeWebSocketClass(onSocket);
  const { document, scripts } = fakeDocument(onPoll);
  const global: Record<string, unknown> = {};

  const server: FakePushServer = {
    // Microtasks at once: the tests step the server and look at the client's next poll right after an answer.
    env: { WebSocket, document, global, queueMicrotask: (fn) => fn() },
    global,
    sockets,
    scripts,
    refuseSockets: false,
    silentSockets: false,
    maxHeldPolls: 0,
    kickedSockets: 0,
    expireHolds() {
      for (const script of [...held]) answerPoll(script, []);
    },
    deliver(message) {
      const to = subscriber;
      if (to?.kind === 'socket') later('socket', () => to.socket.serverSend({ status: 'ok', messages: [message] }));
      else if (to?.kind === 'poll') answerPoll(to.script, [message]);
      else queue.push(message);
    },
    step(lane) {
      const i = tasks.findIndex((task) => task.lane === lane);
      if (i < 0) return false;
      const [task] = tasks.splice(i, 1);
      task.run();
      return true;
    },
    flush(lane) {
      for (;;) {
        const i = lane ? tasks.findIndex((task) => task.lane === lane) : 0;
        if (i < 0 || i >= tasks.length) return;
        const [task] = tasks.splice(i, 1);
        task.run();
      }
    },
    pending(lane) {
      return tasks.filter((task) => task.lane === lane).length;
    },
    heldPolls: () => held.size,
  };
  return server;
}
