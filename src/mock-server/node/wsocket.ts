import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Engine } from '../engine/engine';

/** Another WebSocket endpoint on the same port (broker mode's `/mqtt`), by path. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Serves `/v5/wsocket` on the message server's HTTP server and hands each socket to the engine; `others` serve
 * further paths. Returns a function that closes every socket (code 1001) and the WebSocket server.
 */
export function attachWebSockets(
  server: Server,
  getEngine: () => Engine,
  maxPayload: number,
  others: Record<string, UpgradeHandler> = {},
): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      path = '';
    }
    if (Object.hasOwn(others, path)) return others[path](req, socket, head);
    if (path !== '/v5/wsocket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const session = getEngine().openSocket({
        send(text) {
          if (ws.readyState !== ws.OPEN) return false;
          ws.send(text);
          return true;
        },
        close(code, reason) {
          if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
        },
      });
      ws.on('message', (data, isBinary) => {
        try {
          session.onText(isBinary ? '' : String(data));
        } catch (error) {
          console.error('[mock-server] websocket frame', error);
          ws.close(1011, 'internal error');
        }
      });
      ws.on('close', () => {
        sockets.delete(ws);
        try {
          session.onClose();
        } catch (error) {
          console.error('[mock-server] websocket close', error);
        }
      });
      ws.on('error', () => {
        // Oversized or broken frames: `ws` closes the socket itself; the close handler does the rest.
      });
    });
  });

  return () => {
    for (const ws of sockets) ws.close(1001, 'server shutting down');
    wss.close();
  };
}
