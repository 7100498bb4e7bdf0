/**
 * Alternates `document.title` between the page's own title and an alert ("(3) New message from Alice") until
 * stopped, then puts back the page's title exactly. If the page changes its title meanwhile (an SPA navigating),
 * that becomes the title to restore.
 */
export interface TitleFlasher {
  /** Starts flashing, or changes the alert text while flashing. */
  flash(text: string): void;
  /** Stops and restores the page's title. */
  stop(): void;
  readonly flashing: boolean;
}

export function createTitleFlasher(doc: Document, intervalMs = 1000): TitleFlasher {
  let original = '';
  let alert = '';
  let timer: ReturnType<typeof setInterval> | undefined;
  let showingAlert = false;

  const tick = () => {
    const current = doc.title;
    if (current !== alert && current !== original) original = current;
    showingAlert = !showingAlert;
    doc.title = showingAlert ? alert : original;
  };

  return {
    get flashing() {
      return timer !== undefined;
    },
    flash(text) {
      alert = text;
      if (timer === undefined) {
        original = doc.title;
        showingAlert = false;
        tick();
        timer = setInterval(tick, intervalMs);
      } else if (showingAlert) {
        doc.title = alert;
      }
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      const current = doc.title;
      doc.title = current !== alert && current !== original ? current : original;
      showingAlert = false;
    },
  };
}
