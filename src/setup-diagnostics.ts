import { routeUrl } from './api/routes';
import type { ClientOptions, WebIMClient } from './core/types';

/** Where the messages go (the console; tests pass their own). */
export interface DiagnosticsLog {
  error(...args: unknown[]): void;
}

/**
 * Tells the site's developer, in the browser console, what a setup mistake is and which option fixes it, while the
 * bar tells the visitor in their language. Each problem is said once per page, however often the client retries.
 * Returns the unsubscribe.
 */
export function reportSetupProblems(
  client: WebIMClient,
  options: ClientOptions,
  log: DiagnosticsLog = console,
): () => void {
  const said = new Set<string>();
  const say = (problem: string, text: string) => {
    if (said.has(problem)) return;
    said.add(problem);
    log.error('webim: ' + text);
  };
  const loginUrl = () => {
    const url = routeUrl('online', options);
    try {
      return new URL(url, globalThis.location?.href).href;
    } catch {
      return url;
    }
  };
  return client.on('connection', ({ state, reason }) => {
    if (state === 'unreachable')
      say(
        'unreachable',
        `nothing answers as the chat API at ${loginUrl()} (${reason}). Check data-api (option \`base\`); an API on ` +
          'another origin must allow this page with CORS, credentials included. Still retrying.',
      );
    else if (state === 'stopped' && reason === 'forbidden')
      say(
        'forbidden',
        `${loginUrl()} refused the login with 403: the page's data-csrf-token (option \`csrfToken\`) must be the ` +
          "token the site issued to this visitor's session, printed into the page by the site.",
      );
    else if (state === 'stopped' && reason === 'unauthorized')
      say(
        'unauthorized',
        `${loginUrl()} answered 401: nobody is signed in to the site in this browser (its session cookie must reach ` +
          'the API, so serve it from the same origin or allow credentials with CORS).',
      );
  });
}
