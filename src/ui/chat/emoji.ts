/**
 * The emoji picker's set: common Unicode emoji with the `:shortcode:` names older clients type. Emoji travel as
 * plain Unicode text; shortcodes from this set are shown as their emoji when a message is rendered.
 */
export interface EmojiEntry {
  char: string;
  /** Shortcode without colons, e.g. `smile`. */
  code: string;
}

export const EMOJI: readonly EmojiEntry[] = [
  { char: '😀', code: 'grinning' },
  { char: '😄', code: 'smile' },
  { char: '😁', code: 'grin' },
  { char: '😂', code: 'joy' },
  { char: '😅', code: 'sweat_smile' },
  { char: '😆', code: 'laughing' },
  { char: '😉', code: 'wink' },
  { char: '😊', code: 'blush' },
  { char: '😇', code: 'innocent' },
  { char: '😍', code: 'heart_eyes' },
  { char: '😘', code: 'kissing_heart' },
  { char: '😋', code: 'yum' },
  { char: '😎', code: 'sunglasses' },
  { char: '😏', code: 'smirk' },
  { char: '🤔', code: 'thinking' },
  { char: '😐', code: 'neutral_face' },
  { char: '😕', code: 'confused' },
  { char: '😲', code: 'astonished' },
  { char: '😴', code: 'sleeping' },
  { char: '😌', code: 'relieved' },
  { char: '😢', code: 'cry' },
  { char: '😭', code: 'sob' },
  { char: '😱', code: 'scream' },
  { char: '😠', code: 'angry' },
  { char: '👍', code: '+1' },
  { char: '👎', code: '-1' },
  { char: '👌', code: 'ok_hand' },
  { char: '👏', code: 'clap' },
  { char: '🙏', code: 'pray' },
  { char: '👋', code: 'wave' },
  { char: '💪', code: 'muscle' },
  { char: '🎉', code: 'tada' },
  { char: '❤️', code: 'heart' },
  { char: '💔', code: 'broken_heart' },
  { char: '🔥', code: 'fire' },
  { char: '⭐', code: 'star' },
  { char: '🌹', code: 'rose' },
  { char: '🎁', code: 'gift' },
  { char: '☕', code: 'coffee' },
  { char: '🍺', code: 'beer' },
];

/** Columns of the picker grid (arrow-key navigation wraps rows by this). */
export const EMOJI_COLUMNS = 8;

const byCode = new Map(EMOJI.map((e) => [e.code, e.char]));

/** Replaces `:code:` shortcodes of the picker's set with their emoji; unknown codes stay as typed. */
export function expandShortcodes(text: string): string {
  if (text.indexOf(':') < 0) return text;
  return text.replace(/:([a-z0-9_+-]{1,32}):/g, (whole, code: string) => byCode.get(code) ?? whole);
}
