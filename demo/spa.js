// The SPA integration: the headless client plus the toolbar, from the npm build's ES modules.
import { createClient, mountToolbar } from 'webim';

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') || undefined;

const client = createClient({ base: '/webim/', uid: meta('webim-uid'), csrfToken: meta('csrf-token') });
const toolbar = mountToolbar(client, { theme: { '--webim-accent': '#7b2cbf' } });

const list = document.getElementById('events');
let seen = 0;
// Newest on top, each entry keeping the number it arrived with (a plain <ol> would renumber them: the newest "1.").
function log(text) {
  const item = document.createElement('li');
  item.value = ++seen;
  item.textContent = `${new Date().toLocaleTimeString()} — ${text}`;
  list.prepend(item);
  while (list.children.length > 30) list.lastElementChild.remove();
}

client.on('connection', (s) => log(`connection: ${s.state}${s.transport ? ` (${s.transport})` : ''}`));
client.on('online', ({ me }) => log(`online as ${me}`));
client.on('message', ({ message, incoming }) =>
  log(
    `${incoming ? 'received' : 'sent'} ${message.type} ${incoming ? 'from ' + message.from : 'to ' + message.to}: ${message.body}`,
  ),
);
client.on('presence', (p) => log(`presence: ${p.from} ${p.type}${p.show ? ' ' + p.show : ''}`));

client.online();
window.webimDemo = { client, toolbar };
