/**
 * Puts the host in the browser's top layer (a manual popover) where the browser has one. A forum theme's
 * `transform`, `filter`, `contain` or `will-change` on `<html>`, `<body>` or a wrapper makes that element the
 * containing block of fixed-position descendants, so the bar would be fixed to it (mid-page, rotated, scrolling
 * away) instead of to the viewport; the top layer has no such ancestors. Removing the host from the document takes
 * it out of the top layer, so call this again after re-attaching it. Elsewhere the bar stays fixed in the page.
 */
export function raiseToTopLayer(host: HTMLElement): void {
  if (!host.showPopover) return;
  host.setAttribute('popover', 'manual');
  try {
    host.showPopover();
  } catch {
    // Already showing, or not in a document: the bar is still there, fixed in the page.
  }
}
