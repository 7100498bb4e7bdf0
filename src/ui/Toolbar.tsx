import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { WebIMClient } from '../core/types';
import { Bar, ConnectionLine, MinimizedBar, WindowSlot } from './bar/Bar';
import { ClientContext, OptionsContext } from './context';
import { I18nContext, resolveLocale, useLocale } from './i18n';
import type { ToolbarOptions } from './options';
import { PaneStack } from './panes/PaneStack';
import { createShell, ShellContext } from './shell-state';
import './strings/shell';

export interface ToolbarProps {
  client: WebIMClient;
  options?: ToolbarOptions;
  /** The page's locale choice; `mountToolbar` passes a signal that `setLocale` changes. */
  locale?: ReadonlySignal<string | undefined>;
}

/**
 * The whole toolbar: providers (client, options, i18n, shell state) around the bar, its panes and the open chat
 * window. Render it anywhere (tests render it into a plain container); `mountToolbar` puts it in a shadow root.
 * The locale is the page's choice, else the user's `settings.locale`, else the browser's languages. Nothing renders
 * until that locale's strings are in (the script-tag build loads them on demand), and a switch to another locale
 * shows once its strings are.
 */
export function Toolbar({ client, options = {}, locale }: ToolbarProps) {
  const shell = useMemo(() => createShell(client, options, locale), [client]);
  const { store } = client;
  const settings = store.settings.value;
  const i18n = useLocale(resolveLocale(locale?.value || settings.locale, navigator.languages));
  const minimized = store.minimized.value;

  // The shortcut (default Alt+Shift+M) that puts focus on the bar. Letters and digits also match by physical key:
  // with Alt held, macOS reports another character (µ for Alt+M).
  useEffect(() => {
    const parts = (options.shortcut || 'Alt+Shift+M')
      .toLowerCase()
      .split('+')
      .map((p) => p.trim());
    const key = parts.pop()!;
    const has = (...names: string[]) => names.some((n) => parts.includes(n));
    const mods = [has('alt', 'option'), has('shift'), has('ctrl', 'control'), has('meta', 'cmd', 'command')];
    const onKey = (e: KeyboardEvent) => {
      const code = key.toUpperCase();
      if (
        '' + mods === '' + [e.altKey, e.shiftKey, e.ctrlKey, e.metaKey] &&
        (e.key?.toLowerCase() === key || e.code === 'Key' + code || e.code === 'Digit' + code)
      ) {
        e.preventDefault();
        shell.focusBar();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, [options.shortcut]);
  useEffect(() => shell.dispose, []);

  // `minimize_layout` is the bar's default state: on (now or later) minimises; turned off, the bar comes back.
  // A bar minimised on an earlier page stays so while the setting is off.
  const on = settings.minimize_layout;
  const started = useRef(false);
  useEffect(() => {
    if (on) store.minimized.peek() || shell.minimize(true);
    else if (started.current) client.setMinimized(false);
    started.current = true;
  }, [on]);

  if (!i18n) return null;
  return (
    <ClientContext.Provider value={client}>
      <OptionsContext.Provider value={options}>
        <I18nContext.Provider value={i18n}>
          <ShellContext.Provider value={shell}>
            <div
              class="webim-root"
              lang={i18n.locale}
              ref={(el) => {
                shell.root = el;
              }}
            >
              <div
                role="region"
                aria-label={i18n.t('bar.region')}
                onKeyDown={(e) => {
                  if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing && shell.esc()) {
                    e.preventDefault();
                    e.stopPropagation();
                  }
                }}
              >
                {minimized ? (
                  <div class="webim-minimized">
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
        </I18nContext.Provider>
      </OptionsContext.Provider>
    </ClientContext.Provider>
  );
}
