import { useId, useState } from 'preact/hooks';
import type { Settings } from '../../protocol/types';
import { useClient } from '../context';
import { useLocaleForced } from '../LocaleProvider';
import { LOCALES, useI18n } from '../i18n';
import '../strings/shell';
import { PaneDialog } from './PaneDialog';

type BooleanSetting = 'play_sound' | 'buddy_sticky' | 'minimize_layout' | 'msg_auto_pop';

const TOGGLES: ReadonlyArray<{ key: BooleanSetting; label: string }> = [
  { key: 'play_sound', label: 'settings.playSound' },
  { key: 'buddy_sticky', label: 'settings.buddySticky' },
  { key: 'minimize_layout', label: 'settings.minimizeLayout' },
  { key: 'msg_auto_pop', label: 'settings.autoPop' },
];

/** What the browser says about desktop notifications. */
export type NotifyPermission = NotificationPermission | 'unsupported';

function notifyPermission(): NotifyPermission {
  return typeof Notification === 'function' ? Notification.permission : 'unsupported';
}

/**
 * The user's settings, each saved at once with `client.saveSettings(patch)` and applied at once (the bar reacts to
 * the store). Turning desktop notifications on asks the browser's permission first.
 */
export function SettingsPane() {
  const client = useClient();
  const { t } = useI18n();
  const settings = client.store.settings.value;
  const [error, setError] = useState('');
  const save = (patch: Partial<Settings>) => {
    setError('');
    client.saveSettings(patch).catch((err: unknown) => setError(t('settings.saveFailed', { reason: err instanceof Error ? err.message : String(err) })));
  };
  return (
    <PaneDialog pane="settings" title={t('bar.settings')}>
      <div class="webim-settings">
        {TOGGLES.map(({ key, label }) => (
          <label key={key} class="webim-check">
            <input type="checkbox" checked={settings[key]} onChange={(e) => save({ [key]: (e.target as HTMLInputElement).checked })} />
            <span>{t(label)}</span>
          </label>
        ))}
        <DesktopNotifySetting enabled={settings.desktop_notify} save={save} />
        <LanguageSetting value={settings.locale} save={save} />
        {error && (
          <p class="webim-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </PaneDialog>
  );
}

function DesktopNotifySetting({ enabled, save }: { enabled: boolean; save: (patch: Partial<Settings>) => void }) {
  const { t } = useI18n();
  const noteId = useId();
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission);
  const blocked = permission === 'denied';
  const unsupported = permission === 'unsupported';

  const toggle = async (on: boolean) => {
    if (!on) {
      save({ desktop_notify: false });
      return;
    }
    let result = notifyPermission();
    if (result === 'default') {
      try {
        result = await Notification.requestPermission();
      } catch {
        result = notifyPermission();
      }
    }
    setPermission(result);
    if (result === 'granted') save({ desktop_notify: true });
  };

  const note = unsupported ? t('settings.desktopUnsupported') : blocked ? t('settings.desktopBlocked') : '';
  return (
    <div class="webim-check-group">
      <label class="webim-check">
        <input
          type="checkbox"
          checked={enabled && permission === 'granted'}
          disabled={unsupported}
          aria-describedby={note ? noteId : undefined}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const wanted = input.checked;
            // Stay unchecked until the browser has said yes.
            if (wanted) input.checked = false;
            void toggle(wanted);
          }}
        />
        <span>{t('settings.desktopNotify')}</span>
      </label>
      {note && (
        <p class="webim-note-text webim-muted" id={noteId} role={blocked ? 'alert' : undefined}>
          {note}
        </p>
      )}
    </div>
  );
}

function LanguageSetting({ value, save }: { value: string | undefined; save: (patch: Partial<Settings>) => void }) {
  const { t } = useI18n();
  const forced = useLocaleForced();
  const selectId = useId();
  const noteId = useId();
  return (
    <div class="webim-field">
      <label for={selectId}>{t('settings.language')}</label>
      <select
        id={selectId}
        class="webim-select"
        value={value && (LOCALES as readonly string[]).includes(value) ? value : ''}
        disabled={forced}
        aria-describedby={forced ? noteId : undefined}
        onChange={(e) => save({ locale: (e.target as HTMLSelectElement).value || undefined })}
      >
        <option value="">{t('settings.languageBrowser')}</option>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`settings.lang.${l}`)}
          </option>
        ))}
      </select>
      {forced && (
        <p class="webim-muted" id={noteId}>
          {t('settings.languageSite')}
        </p>
      )}
    </div>
  );
}
