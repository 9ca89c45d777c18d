// The "AI services" section: a landing grid of the services and their pages under
// /ai-services/<service> (text, text/batch, translate, speech, documents, faces) and the custom
// Comprehend models under /ai-services/classifiers[/<name>] and /ai-services/recognizers[/<name>].
// The service pages call the native REST API (api/services.ts); batch and custom models call the
// AWS JSON API (api/comprehend.ts).
import { lazy, Suspense } from 'react';
import { Icon } from '../../components/Sidebar';
import { t } from '../../i18n';
import { linkHandler } from '../../lib/router';
import './services.css';

const TextPage = lazy(() => import('./TextPage'));
const TranslatePage = lazy(() => import('./TranslatePage'));
const SpeechPage = lazy(() => import('./SpeechPage'));
const DocumentsPage = lazy(() => import('./DocumentsPage'));
const FacesPage = lazy(() => import('./FacesPage'));
const ClassifiersPage = lazy(() => import('./ClassifiersPage'));
const RecognizersPage = lazy(() => import('./RecognizersPage'));

export const SERVICES = [
  { id: 'text', aws: 'Comprehend', icon: 'M4 6h16M4 10h16M4 14h10M4 18h7' },
  { id: 'translate', aws: 'Translate', icon: 'M4 5h8M8 3v2m-2 0c0 4 2 7 6 9M10 5c0 4-3 8-6 9m9 6l4-9 4 9m-7-3h6' },
  { id: 'speech', aws: 'Polly', icon: 'M11 5L6 9H3v6h3l5 4zM15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13' },
  { id: 'documents', aws: 'Textract', icon: 'M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6' },
  { id: 'faces', aws: 'Rekognition', icon: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 10h.01M15 10h.01M8.5 15a4 4 0 0 0 7 0' },
  { id: 'classifiers', aws: 'Comprehend', icon: 'M4 5h7v6H4zM13 5h7v6h-7zM4 13h7v6H4zM15 15l2 2 3-4' },
  { id: 'recognizers', aws: 'Comprehend', icon: 'M4 7h16M4 12h5m4 0h7M4 17h9M10 10h2v4h-2z' },
] as const;

function Landing() {
  return (
    <div className="page" data-testid="services-landing">
      <header className="page-header">
        <div>
          <h1>{t('services.title')}</h1>
          <p className="subtitle">{t('services.subtitle')}</p>
        </div>
      </header>
      <ul className="svc-grid">
        {SERVICES.map((s) => (
          <li key={s.id}>
            <a className="card svc-card" href={`/ai-services/${s.id}`} onClick={linkHandler(`/ai-services/${s.id}`)}
              data-testid={`service-card-${s.id}`}>
              <span className="svc-card-icon"><Icon d={s.icon} /></span>
              <strong>{t(`services.${s.id}.title`)}</strong>
              <span className="muted small">{t(`services.${s.id}.blurb`)}</span>
              <span className="tag">{t('services.compatible', { aws: s.aws })}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function ServicesPage({ path }: { path: string }) {
  const match = /^\/ai-services\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  const sub = match?.[1];
  const item = match?.[2] ? decodeURIComponent(match[2]) : undefined;
  let page;
  if (sub === 'text' && item === 'batch') page = <TextPage batch />;
  else if (item !== undefined && sub !== 'classifiers' && sub !== 'recognizers') return <Landing />;
  else if (sub === 'text') page = <TextPage />;
  else if (sub === 'classifiers') page = <ClassifiersPage name={item} />;
  else if (sub === 'recognizers') page = <RecognizersPage name={item} />;
  else if (sub === 'translate') page = <TranslatePage />;
  else if (sub === 'speech') page = <SpeechPage />;
  else if (sub === 'documents') page = <DocumentsPage />;
  else if (sub === 'faces') page = <FacesPage />;
  else return <Landing />;
  return (
    <Suspense fallback={<div className="page"><div className="panel muted pad">{t('common.loading')}</div></div>}>
      {page}
    </Suspense>
  );
}
