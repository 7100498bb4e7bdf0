import { isValidUserId, type UserIdMatcher } from './patterns';

/** Tag of the presence icon hosts chatlink inserts into the page. */
export const ICON_TAG = 'webim-chatlink';

/** Attribute naming a user id on any element, unless configured otherwise. */
export const DEFAULT_ATTRIBUTE = 'data-webim-uid';

/** A user mention found on the page. */
export interface UserLink {
  /** The element the user id was found on. */
  element: Element;
  /** Where the icon goes: right after this element (the enclosing link, if the element is inside one). */
  anchor: Element;
  id: string;
  /** The visible text of the link (trimmed, whitespace collapsed), possibly empty. */
  name: string;
}

export interface ScanOptions {
  attribute: string;
  matchUrl: UserIdMatcher;
  /** The bar's host: nothing inside it is scanned. */
  exclude?: Element;
}

/** A configured attribute name we can safely put in a selector; otherwise the default. */
export function safeAttributeName(name: string | undefined): string {
  return name && /^[a-z_][a-z0-9_.:-]{0,63}$/i.test(name) ? name : DEFAULT_ATTRIBUTE;
}

function visibleName(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 64);
}

function ignored(el: Element, exclude: Element | undefined): boolean {
  return (exclude !== undefined && exclude.contains(el)) || el.closest(ICON_TAG) !== null;
}

/**
 * Finds user links under `root`, in document order: elements carrying the id attribute, and `<a href>` whose URL
 * matches a pattern. One entry per icon position; where both name a user for the same position (an `<a>` holding
 * a `[data-webim-uid]` element), the explicit attribute wins over the URL.
 */
export function findUserLinks(root: Element, { attribute, matchUrl, exclude }: ScanOptions): UserLink[] {
  const found: UserLink[] = [];
  const anchors = new Set<Element>();
  const add = (element: Element, id: string | undefined) => {
    if (!id || !isValidUserId(id) || ignored(element, exclude)) return;
    const link = element.tagName === 'A' ? element : element.closest('a');
    const anchor = link && root.contains(link) ? link : element;
    if (anchors.has(anchor)) return;
    anchors.add(anchor);
    found.push({ element, anchor, id, name: visibleName(element) });
  };
  for (const element of root.querySelectorAll(`[${attribute}]`)) add(element, element.getAttribute(attribute)?.trim());
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    if (a.hasAttribute(attribute)) continue;
    add(a, matchUrl(a.getAttribute('href') ?? '') ?? matchUrl(a.href ?? ''));
  }
  return found.sort((x, y) => (x.anchor.compareDocumentPosition(y.anchor) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}
