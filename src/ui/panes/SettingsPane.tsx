import { useState } from 'preact/hooks';
import type { Settings } from '../../protocol/types';
import { LOCALES, useI18n } from '../i18n';
import { useShell, why } from '../shell-state';
import '../strings/shell';
import { PaneDialog } from './PaneDialog';

const TOGGLES = {
  play_sound: 'playSound',
  buddy_sticky: 'buddySticky',
  minimize_layout: 'minimizeLayout',
  msg_auto_pop: 'autoPop',
};

/** What the browser says about desktop notifications. */
const permission = (): string => (typeof Notification === 'function' ? Notification.permission : 'unsupported');

/**
 * The user's settings, each saved at once with `client.saveSettings(patch)` and applied at once (the bar reacts to
 * the store). Turning desktop notifications on asks the browser first and stays off unless it says yes. The
 * language select is disabled (and says why) when the page fixed the language.
 */
export function SettingsPane() {
  const shell = useShell();
  const { t } = useI18n();
  const { client } = shell;
  const settings = client.store.settings.value;
  const [error, setError] = useState('');
  const [allowed, setAllowed] = useState(permission);
  const forced = !!shell.forced?.value;
  const save = (patch: Partial<Settings>) => {
    setError('');
    client.saveSettings(patch).catch((e: unknown) => setError(t('settings.saveFailed', { reason: why(e) })));
  };
  const note = allowed === 'unsupported' ? 'Unsupported' : allowed === 'denied' && 'Blocked';
  const check = (label: string, checked: boolean, onChange: (e: Event) => void, extra?: object) => (
    <label class="webim-checkbox">
      <input type="checkbox" checked={checked} onChange={onChange} {...extra} />
      {t('settings.' + label)}
    </label>
  );

  return (
    <PaneDialog pane="settings">
      <div class="webim-settings">
        {Object.entries(TOGGLES).map(([key, label]) =>
          check(label, settings[key as 'play_sound'], (e) =>
            save({ [key]: (e.currentTarget as HTMLInputElement).checked }),
          ),
        )}
        {check(
          'desktopNotify',
          settings.desktop_notify && allowed === 'granted',
          async (e) => {
            const box = e.currentTarget as HTMLInputElement;
            if (!box.checked) return save({ desktop_notify: false });
            // Stays unchecked until the browser has said yes.
            box.checked = false;
            let answer = permission();
            if (answer === 'default') answer = await Notification.requestPermission().catch(permission);
            setAllowed(answer);
            if (answer === 'granted') save({ desktop_notify: true });
          },
          {
            disabled: allowed === 'unsupported',
            'aria-describedby': note ? 'webim-desktop-notifications-note' : undefined,
          },
        )}
        {note && (
          <p
            class="webim-muted"
            id="webim-desktop-notifications-note"
            role={allowed === 'denied' ? 'alert' : undefined}
          >
            {t('settings.desktop' + note)}
          </p>
        )}
        <label for="webim-language">{t('settings.language')}</label>
        <select
          id="webim-language"
          class="webim-input"
          value={LOCALES.includes(settings.locale as 'en') ? settings.locale : ''}
          disabled={forced}
          aria-describedby={forced ? 'webim-language-forced-note' : undefined}
          onChange={(e) => save({ locale: e.currentTarget.value || undefined })}
        >
          <option value="">{t('settings.languageBrowser')}</option>
          {LOCALES.map((l) => (
            <option value={l} lang={l}>
              {t('settings.lang.' + l)}
            </option>
          ))}
        </select>
        {forced && (
          <p class="webim-muted" id="webim-language-forced-note">
            {t('settings.languageSite')}
          </p>
        )}
        {error && (
          <p class="webim-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </PaneDialog>
  );
}
