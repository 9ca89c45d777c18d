// The left navigation. Sections whose API has not landed show a "coming soon" dot. Labels and
// blurbs come from the catalogs (common.nav.<section>, common.nav.<section>.blurb); the foot holds
// the language and theme preferences.
import { t } from '../i18n';
import { linkHandler } from '../lib/router';
import { Preferences } from './Preferences';

export interface Section {
  path: string;
  live: boolean;
  icon: string; // an SVG path, 24x24 viewBox, stroked
}

// The section's name and one-line description in the current locale.
export function sectionLabel(s: Section): string {
  return t(`common.nav.${s.path.slice(1)}`);
}
export function sectionBlurb(s: Section): string {
  return t(`common.nav.${s.path.slice(1)}.blurb`);
}

export const SECTIONS: Section[] = [
  {
    path: '/datasets',
    live: true,
    icon: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  },
  {
    path: '/prepare',
    live: true,
    icon: 'M4 6h16M7 12h10M10 18h4',
  },
  {
    path: '/build',
    live: true,
    icon: 'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z',
  },
  {
    path: '/models',
    live: true,
    icon: 'M12 2l9 5v10l-9 5-9-5V7zm0 0v20M3 7l9 5 9-5',
  },
  {
    path: '/endpoints',
    live: true,
    icon: 'M5 12h14M13 6l6 6-6 6',
  },
  {
    path: '/pipelines',
    live: true,
    icon: 'M6 6h4v4H6zM14 14h4v4h-4zM10 8h4a2 2 0 0 1 2 2v4',
  },
  {
    path: '/ai-services',
    live: true,
    icon: 'M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z',
  },
  {
    path: '/monitoring',
    live: false,
    icon: 'M3 17l5-5 4 4 8-8M14 8h6v6',
  },
];

export function sectionFor(path: string): Section | undefined {
  return SECTIONS.find((s) => path === s.path || path.startsWith(s.path + '/'));
}

export function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor"
      strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

export function Sidebar({ path }: { path: string }) {
  const active = sectionFor(path);
  return (
    <nav className="sidebar" aria-label={t('common.nav.main')}>
      <a className="brand" href="/datasets" onClick={linkHandler('/datasets')}>
        <span className="brand-mark" aria-hidden="true">L</span>
        <span className="brand-name">Lathe</span>
        <span className="brand-sub">{t('common.nav.studio')}</span>
      </a>
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.path}>
            <a
              href={s.path}
              onClick={linkHandler(s.path)}
              className={`nav-item${active?.path === s.path ? ' active' : ''}`}
              aria-current={active?.path === s.path ? 'page' : undefined}
              data-testid={`nav-${s.path.slice(1)}`}
            >
              <Icon d={s.icon} />
              <span>{sectionLabel(s)}</span>
              {!s.live && <span className="soon-dot" title={t('common.nav.soon')} />}
            </a>
          </li>
        ))}
      </ul>
      <Preferences />
      <div className="sidebar-foot">{t('common.nav.tagline')}</div>
    </nav>
  );
}
