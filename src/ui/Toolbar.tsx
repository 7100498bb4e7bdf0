import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { WebIMClient } from '../core/types';
import { Bar } from './bar/Bar';
import { ConnectionLine } from './bar/ConnectionLine';
import { MinimizedBar } from './bar/MinimizedBar';
import { WindowSlot } from './bar/WindowSlot';
import { ClientContext, OptionsContext, useClient, useToolbarOptions } from './context';
import { NARROW_QUERY } from './hooks/useMediaQuery';
import { useI18n } from './i18n';
import { LocaleProvider } from './LocaleProvider';
import type { ToolbarOptions } from './options';
import { PaneStack } from './panes/PaneStack';
import { createShell, ShellContext, type Shell } from './shell-state';
import './strings/shell';
import { matchesShortcut, parseShortcut } from './util/shortcut';

export interface ToolbarProps {
  client: WebIMClient;
  options?: ToolbarOptions;
  /** The page's locale choice (see `LocaleProvider`); `mountToolbar` passes a signal that `setLocale` changes. */
  locale?: ReadonlySignal<string | undefined>;
}

/**
 * The whole toolbar: providers (client, options, i18n, shell state) around the bar, its panes and the open chat
 * window. Render it anywhere (tests render it into a plain container); `mountToolbar` puts it in a shadow root.
 */
export function Toolbar({ client, options = {}, locale }: ToolbarProps) {
  return (
    <ClientContext.Provider value={client}>
      <OptionsContext.Provider value={options}>
        <LocaleProvider forced={locale}>
          <ToolbarRoot />
        </LocaleProvider>
      </OptionsContext.Provider>
    </ClientContext.Provider>
  );
}

const DEFAULT_SHORTCUT = 'Alt+Shift+M';

function ToolbarRoot() {
  const client = useClient();
  const options = useToolbarOptions();
  const { t, locale } = useI18n();
  const rootRef = useRef<HTMLDivElement>(null);
  const shell = useMemo<Shell>(
    () =>
      createShell(
        client,
        () => rootRef.current,
        () => typeof matchMedia === 'function' && matchMedia(NARROW_QUERY).matches,
      ),
    [client],
  );
  useEffect(() => () => shell.dispose(), [shell]);
  useGlobalShortcut(options.shortcut ?? DEFAULT_SHORTCUT, shell);
  useMinimizeLayout(client, shell);

  const minimized = client.store.minimized.value;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
    if (shell.closeTopLayer()) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <ShellContext.Provider value={shell}>
      <div class={`webim-root${minimized ? ' webim-root--minimized' : ''}`} ref={rootRef} lang={locale}>
        <div role="region" aria-label={t('bar.region')} class="webim-region" onKeyDown={onKeyDown}>
          {minimized ? (
            <div class="webim-mini-wrap">
              <ConnectionLine />
              <MinimizedBar />
            </div>
          ) : (
            <>
              <PaneStack />
              <WindowSlot />
              <Bar />
            </>
          )}
        </div>
      </div>
    </ShellContext.Provider>
  );
}

/** The page-wide shortcut (default Alt+Shift+M) that puts focus on the bar. */
function useGlobalShortcut(text: string, shell: Shell) {
  useEffect(() => {
    const shortcut = parseShortcut(text);
    if (!shortcut) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (!matchesShortcut(e, shortcut)) return;
      e.preventDefault();
      shell.focusBar();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [text, shell]);
}

/**
 * The `minimize_layout` setting is the bar's default state: when it is (or becomes) on, the bar minimises; when
 * the user turns it off, the bar comes back. (A user who restores the bar keeps it until the next page.)
 */
function useMinimizeLayout(client: WebIMClient, shell: Shell) {
  const on = client.store.settings.value.minimize_layout;
  const previous = useRef<boolean | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = on;
    if (on && before !== true && !client.store.minimized.peek()) {
      // Turned on from the settings pane, which is about to disappear: focus goes to the restore button.
      const hadFocus = shell.hasFocus();
      client.setMinimized(true);
      if (hadFocus) queueMicrotask(() => shell.focus('bar:restore'));
    } else if (!on && before === true) client.setMinimized(false);
  }, [on]);
}
