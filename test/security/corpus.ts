/**
 * The project's own hostile corpus: what an attacker would feed the bar and the reference server, by the channel
 * it would arrive on. Unit tests (`test/security/*.test.ts`, `test/ui/chatlink/pattern-safety.test.ts`) and the
 * security e2e spec iterate these lists; a new finding adds its vectors here. `corpusSize()` counts them.
 */

/** Script-bearing text for every rendered field (bodies, nicks, statuses, room names, notifications). */
export const HOSTILE_TEXT: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=import href=data:text/html,<script>alert(1)</script>>',
  '<style>@import "javascript:alert(1)";</style>',
  '<template><script>alert(1)</script></template>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '\u202egnp.exe\u202c <img src=x onerror=alert(1)>',
  '\u0000<script>alert(1)</script>',
  'javascript:alert(1)',
  'https://example.org/"><script>alert(1)</script>',
  'https://example.org/<img/src/onerror=alert(1)>',
  '__proto__',
  'constructor',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<video><source onerror=alert(1)></video>',
  '<audio src=x onerror=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<isindex type=image src=1 onerror=alert(1)>',
];

/** Links that must never become clickable (or an image source): no script, no HTML document, no other scheme. */
export const HOSTILE_URLS: readonly string[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0001javascript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'data:application/javascript,alert(1)',
  'file:///etc/passwd',
  'blob:https://evil.example/1',
  'filesystem:https://evil.example/temporary/x',
  'about:blank',
  'chrome://settings',
  'mailto:x@example.org?body=<script>',
  'ftp://evil.example/',
  'feed:javascript:alert(1)',
];

/** Sender styles that must lose every declaration that could hide text, load anything or escape the bubble. */
export const HOSTILE_STYLES: readonly string[] = [
  'color: transparent',
  'color:#0000',
  'color:#0007',
  'color:#00000000',
  'color:#0000007f',
  'color:rgba(0,0,0,0)',
  'color:rgba(0, 0, 0, 0.49)',
  'color:rgba(0,0,0,.1)',
  'color:rgba(0,0,0,10%)',
  'color:hsla(0,0%,0%,0)',
  'color:hsla(120, 50%, 50%, 0.2)',
  'color:rgb(0 0 0 / 0)',
  'color:rgb(0 0 0 / 0.3)',
  'color:rgb(0 0 0 / 40%)',
  'color:hsl(0 0% 0% / 0.1)',
  'color:rgba(0,0,0,abc)',
  'color:rgba(0,0,0,0,1)',
  'background:url(javascript:alert(1))',
  'color:red;background-image:url(https://evil.example/track.png)',
  'width:expression(alert(1))',
  '@import url(https://evil.example/x.css)',
  'position:fixed;top:0;left:0;width:100%;height:100%',
  'behavior:url(x.htc)',
  '-moz-binding:url(x.xml#xss)',
  'color:re\\64',
  'color:red/**/;position:fixed',
  'color:var(--evil)',
  'font-size:calc(100vw)',
  'display:none',
  'visibility:hidden',
  'opacity:0',
  'font-size:0',
  'color:red}body{display:none',
  'color:<script>',
  'content:"javascript:alert(1)"',
];

/** Colours with enough opacity that stay (the allow-list is no blanket refusal). */
export const READABLE_COLORS: readonly string[] = [
  'red',
  '#bbb',
  '#112233',
  '#0008',
  '#00000080',
  'rgba(0,0,0,0.5)',
  'rgba(0,0,0,1)',
  'rgb(10, 20, 30)',
  'hsla(0,0%,0%,50%)',
  'rgb(0 0 0 / 0.9)',
];

/** Site chatlink patterns that backtrack catastrophically: refused at configuration time. */
export const HOSTILE_CHATLINK_PATTERNS: readonly string[] = [
  'space\\.html\\?uid=((a|a)+)$',
  '(a+)+$',
  '(a*)*b',
  '([a-z]+)*$',
  '(\\w+\\s?)*$',
  '(a|aa)+$',
  '(.*a){12}',
  '((ab)*)+$',
  '(?:a+){2,}$',
  '(?:x|y|xy)*z',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  'uid=(\\d+)\\1',
  '(?<id>a+)+',
];

/** Ordinary chatlink patterns that must keep working. */
export const SAFE_CHATLINK_PATTERNS: readonly string[] = [
  'space\\.php\\?uid=(\\d+)',
  '/u/(\\d+)/',
  'profile/([A-Za-z0-9_]+)',
  '(?:www\\.)?example\\.org/user/(\\w+)',
  'uid=(\\d{1,10})',
  '[?&]uid=([^&#]+)',
  '/members/(?:id-)?(\\d+)(?:/|$)',
];

/** Push packets (WebSocket frames / JSONP payloads) that must be dropped and reported, never crash or render. */
export const HOSTILE_PACKETS: readonly unknown[] = [
  null,
  42,
  'ok',
  [],
  { status: 'ok', messages: 'not a list' },
  { status: 'ok', messages: [null, 1, 'x', []] },
  { status: 'ok', messages: [{ type: 'chat', from: 'bob', to: 'alice', body: { toString: 1 }, timestamp: 1 }] },
  { status: 'ok', messages: [{ type: 'chat', from: 'bob', to: 'alice', body: ['a'], timestamp: 1 }] },
  { status: 'ok', messages: [{ type: 'chat', from: {}, to: 'alice', body: 'x', timestamp: 1 }] },
  { status: 'ok', messages: [{ type: 'evil', from: 'bob', to: 'alice', body: 'x', timestamp: 1 }] },
  { status: 'ok', messages: [{ type: 'chat', from: 'bob', to: 'alice', body: 'x', timestamp: 'soon' }] },
  { status: 'ok', presences: [{ type: 'online', from: null }] },
  { status: 'ok', presences: [{ type: '__proto__', from: 'bob' }] },
  { status: 'ok', statuses: [{ from: 'bob', to: 'alice', show: { typing: true } }] },
  JSON.parse('{"status":"ok","__proto__":{"polluted":true},"messages":[]}'),
];

/** Stored sessions (IndexedDB / sessionStorage `session`) that must not be resumed. */
export const HOSTILE_STORED_SESSIONS: readonly unknown[] = [
  {
    me: 'alice',
    skew: 0,
    aliveAt: 1,
    connection: { domain: 'd', ticket: 't', jsonpd: 'data:text/javascript,alert(1)' },
  },
  { me: 'alice', skew: 0, aliveAt: 1, connection: { domain: 'd', ticket: 't', jsonpd: 'javascript:alert(1)//' } },
  {
    me: 'alice',
    skew: 0,
    aliveAt: 1,
    connection: { domain: 'd', ticket: 't', jsonpd: ' data:text/javascript,alert(1)' },
  },
  { me: 'alice', skew: 0, aliveAt: 1, connection: { domain: 'd', ticket: 't', websocket: 'data:,x' } },
  {
    me: 'alice',
    skew: 0,
    aliveAt: 1,
    connection: { domain: 'd', ticket: 't', websocket: 'ftp://evil.example/', jsonpd: 'blob:x' },
  },
  { me: 'alice', skew: 0, aliveAt: 1, connection: { domain: 'd', ticket: { evil: 1 }, jsonpd: '/v5/packets' } },
  { me: 'alice', skew: 0, aliveAt: 1, connection: { domain: 'd', ticket: '', jsonpd: '/v5/packets' } },
  { me: 'alice', skew: 'x', aliveAt: 1, connection: { domain: 'd', ticket: 't', jsonpd: '/v5/packets' } },
  { me: 'mallory', skew: 0, aliveAt: 1, connection: { domain: 'd', ticket: 't', jsonpd: '/v5/packets' } },
];

/** Stored conversation messages that must not survive a restore (the snapshot is dropped whole and reported). */
export const HOSTILE_STORED_MESSAGES: readonly unknown[] = [
  { id: 'm', type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body: 42, timestamp: 1, status: 'sent' },
  { id: 'm', type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body: ['x'], timestamp: 1, status: 'sent' },
  {
    id: 'm',
    type: 'chat',
    from: 'bob',
    to: 'alice',
    nick: 'Bob',
    body: 'x'.repeat(20_001),
    timestamp: 1,
    status: 'sent',
  },
  { id: 'm', type: 'evil', from: 'bob', to: 'alice', nick: 'Bob', body: 'x', timestamp: 1, status: 'sent' },
  { id: '', type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body: 'x', timestamp: 1, status: 'sent' },
  { id: 'm', type: 'chat', from: 'bob', to: 'alice', nick: { n: 1 }, body: 'x', timestamp: 1, status: 'sent' },
  { id: 'm', type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body: 'x', timestamp: 'now', status: 'sent' },
  { id: 'm', type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body: 'x', timestamp: 1, status: 'delivered!' },
];

/** Stored people whose links must not come back (a buddy's `url`/`avatar` from storage is read as from the wire). */
export const HOSTILE_STORED_BUDDIES: readonly unknown[] = HOSTILE_URLS.slice(0, 12).flatMap((url) => [
  { id: 'bob', nick: 'Bob', presence: 'online', show: 'available', incomplete: false, visitor: false, url },
  { id: 'bob', nick: 'Bob', presence: 'online', show: 'available', incomplete: false, visitor: false, avatar: url },
]);

/** BroadcastChannel messages (as another same-origin script could post them) that must be dropped and reported. */
export const HOSTILE_TAB_MESSAGES: readonly unknown[] = [
  { kind: 'action', action: { type: 'message/add', key: 'chat:bob', message: { body: 42 } } },
  {
    kind: 'action',
    action: {
      type: 'message/add',
      key: 'chat:bob',
      message: { id: 'x', type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body: {}, timestamp: 1, status: 'sent' },
    },
  },
  {
    kind: 'action',
    action: {
      type: 'message/add',
      key: 'not a key',
      message: {
        id: 'x',
        type: 'chat',
        from: 'bob',
        to: 'alice',
        nick: 'Bob',
        body: 'x',
        timestamp: 1,
        status: 'sent',
      },
    },
  },
  { kind: 'action', action: { type: 'tab/open', key: '<img src=x onerror=alert(1)>', activate: true } },
  { kind: 'action', action: { type: 'tab/open', key: 'chat:', activate: true } },
  { kind: 'action', action: { type: 'tab/activate', key: 42 } },
  { kind: 'action', action: { type: 'draft', key: 'chat:bob', text: { evil: true } } },
  { kind: 'action', action: { type: 'buddies', buddies: [{ id: 'bob', nick: 'Bob', url: 'javascript:alert(1)' }] } },
  {
    kind: 'action',
    action: {
      type: 'buddies',
      buddies: [
        {
          id: 'bob',
          nick: 'Bob',
          presence: 'online',
          show: 'available',
          incomplete: false,
          visitor: false,
          avatar: 'data:image/svg+xml,<svg onload=alert(1)>',
        },
      ],
    },
  },
  { kind: 'action', action: { type: 'notifications', list: [{ text: 'x', link: 'javascript:alert(1)' }] } },
  { kind: 'action', action: { type: 'settings', patch: { play_sound: 'yes' } } },
  { kind: 'action', action: { type: 'room', room: { id: 'r', nick: 'R' } } },
  { kind: 'action', action: { type: 'packet', packet: { status: 'ok', messages: [{ body: 1 }] } } },
  { kind: 'action', action: { type: 'history', key: 'chat:bob', messages: 'x', hasMore: false } },
  { kind: 'action', action: { type: 'evil' } },
  { kind: 'action', action: null },
  { kind: 'session', session: HOSTILE_STORED_SESSIONS[0] },
  { kind: 'session', session: HOSTILE_STORED_SESSIONS[3] },
  { kind: 'command', command: 'rm -rf' },
  { kind: 'state', to: 'x', state: {}, session: null, connection: { state: 'connected' } },
  { kind: 'nonsense' },
];

/** Nested JSON bodies and other input the reference server must answer with a clear 4xx, never a 500. */
export const HOSTILE_JSON_BODIES: readonly string[] = [
  '['.repeat(10_000) + ']'.repeat(10_000),
  '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
  `{"data":${'['.repeat(100)}${']'.repeat(100)}}`,
  '{"ids":"' + 'x,'.repeat(20_000) + '"',
  '{',
  'null',
  '"string"',
];

/** How many vectors the corpus holds (the security suites try each at least once, most in several places). */
export function corpusSize(): number {
  return [
    HOSTILE_TEXT,
    HOSTILE_URLS,
    HOSTILE_STYLES,
    READABLE_COLORS,
    HOSTILE_CHATLINK_PATTERNS,
    SAFE_CHATLINK_PATTERNS,
    HOSTILE_PACKETS,
    HOSTILE_STORED_SESSIONS,
    HOSTILE_STORED_MESSAGES,
    HOSTILE_STORED_BUDDIES,
    HOSTILE_TAB_MESSAGES,
    HOSTILE_JSON_BODIES,
  ].reduce((sum, list) => sum + list.length, 0);
}
