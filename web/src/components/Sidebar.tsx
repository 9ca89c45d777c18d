// The left navigation. Sections whose API has not landed show a "coming soon" dot.
import { linkHandler } from '../lib/router';

export interface Section {
  path: string;
  label: string;
  live: boolean;
  icon: string; // an SVG path, 24x24 viewBox, stroked
  blurb: string;
}

export const SECTIONS: Section[] = [
  {
    path: '/datasets',
    label: 'Datasets',
    live: true,
    icon: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
    blurb: 'Upload, preview and profile tabular data.',
  },
  {
    path: '/prepare',
    label: 'Prepare',
    live: true,
    icon: 'M4 6h16M7 12h10M10 18h4',
    blurb: 'Recipes of typed transforms, data-quality fixes and SQL over datasets.',
  },
  {
    path: '/build',
    label: 'Build',
    live: true,
    icon: 'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z',
    blurb: 'Train models with AutoML under a time budget and compare them on a leaderboard.',
  },
  {
    path: '/models',
    label: 'Models',
    live: true,
    icon: 'M12 2l9 5v10l-9 5-9-5V7zm0 0v20M3 7l9 5 9-5',
    blurb: 'Model groups, versions, metrics, explanations and approval.',
  },
  {
    path: '/endpoints',
    label: 'Endpoints',
    live: true,
    icon: 'M5 12h14M13 6l6 6-6 6',
    blurb: 'Deploy models behind HTTP endpoints with a playground and copyable snippets.',
  },
  {
    path: '/pipelines',
    label: 'Pipelines',
    live: false,
    icon: 'M6 6h4v4H6zM14 14h4v4h-4zM10 8h4a2 2 0 0 1 2 2v4',
    blurb: 'Design pipelines on a canvas and follow their runs.',
  },
  {
    path: '/ai-services',
    label: 'AI services',
    live: false,
    icon: 'M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z',
    blurb: 'Try text, translation, OCR, speech and vision services in a playground.',
  },
  {
    path: '/monitoring',
    label: 'Monitoring',
    live: false,
    icon: 'M3 17l5-5 4 4 8-8M14 8h6v6',
    blurb: 'Latency, traffic and drift of your endpoints over time.',
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
    <nav className="sidebar" aria-label="Main">
      <a className="brand" href="/datasets" onClick={linkHandler('/datasets')}>
        <span className="brand-mark" aria-hidden="true">L</span>
        <span className="brand-name">Lathe</span>
        <span className="brand-sub">Studio</span>
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
              <span>{s.label}</span>
              {!s.live && <span className="soon-dot" title="Coming in a later release" />}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">Self-hosted ML platform</div>
    </nav>
  );
}
