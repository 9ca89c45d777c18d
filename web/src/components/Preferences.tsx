// The display preferences at the foot of the navigation: a language picker and a light / dark /
// system theme switch. Both are remembered in localStorage (i18n/index.ts, lib/theme.ts), are
// reachable with Tab, and work with the keyboard (select; buttons with aria-pressed).
import { LOCALES, setLocale, t, useLocale, type Locale } from '../i18n';
import { THEME_CHOICES, setTheme, useTheme, type ThemeChoice } from '../lib/theme';

const THEME_ICONS: Record<ThemeChoice, string> = {
  light: 'M12 4V2m0 20v-2m8-8h2M2 12h2m13.7-5.7 1.4-1.4M4.9 19.1l1.4-1.4m0-11.4L4.9 4.9m14.2 14.2-1.4-1.4M16 12a4 4 0 1 1-8 0 4 4 0 0 1 8 0z',
  dark: 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z',
  system: 'M4 5h16v11H4zM9 20h6M12 16v4',
};

export function Preferences() {
  const locale = useLocale();
  const { choice } = useTheme();
  return (
    <div className="preferences" role="group" aria-label={t('common.preferences')}>
      <label className="pref-language">
        <span className="visually-hidden">{t('common.language')}</span>
        <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8"
          strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3.6 9h16.8M3.6 15h16.8M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
        </svg>
        <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}
          aria-label={t('common.language')} data-testid="locale-select">
          {LOCALES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>{l.label}</option>
          ))}
        </select>
      </label>
      <div className="theme-switch" role="group" aria-label={t('common.theme')}>
        {THEME_CHOICES.map((c) => (
          <button key={c} type="button" aria-pressed={choice === c} className={choice === c ? 'on' : ''}
            aria-label={t('common.theme.choose', { theme: t(`common.theme.${c}`) })}
            title={t(`common.theme.${c}`)} onClick={() => setTheme(c)} data-testid={`theme-${c}`}>
            <svg viewBox="0 0 24 24" width="15" height="15" fill="none" stroke="currentColor" strokeWidth="1.8"
              strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d={THEME_ICONS[c]} />
            </svg>
          </button>
        ))}
      </div>
    </div>
  );
}
