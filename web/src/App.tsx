// The studio shell: left navigation and the page for the current path.
import { lazy, Suspense, useEffect } from 'react';
import { ComingSoon } from './components/ComingSoon';
import { Sidebar, sectionFor } from './components/Sidebar';
import { t, useLocale } from './i18n';
import { navigate, usePath } from './lib/router';
import { useTheme } from './lib/theme';
import { DatasetDetail } from './pages/datasets/DatasetDetail';
import { DatasetsPage } from './pages/datasets/DatasetsPage';

// Pages other than Datasets load on demand, to keep the main bundle small.
const PreparePage = lazy(() => import('./pages/prepare/PreparePage'));
const BuildPage = lazy(() => import('./pages/build/BuildPage'));
const ModelsPage = lazy(() => import('./pages/models/ModelsPage'));
const EndpointsPage = lazy(() => import('./pages/endpoints/EndpointsPage'));
const PipelinesPage = lazy(() => import('./pages/pipelines/PipelinesPage'));
const ServicesPage = lazy(() => import('./pages/services/ServicesPage'));

function Page({ path }: { path: string }) {
  const detail = /^\/datasets\/([^/]+)\/?$/.exec(path);
  if (detail) {
    const id = decodeURIComponent(detail[1]);
    return <DatasetDetail key={id} id={id} />;
  }
  const sub = /^\/(build|models)\/([^/]+)\/?$/.exec(path);
  if (sub) {
    const id = decodeURIComponent(sub[2]);
    return sub[1] === 'build' ? <BuildPage jobId={id} /> : <ModelsPage modelId={id} />;
  }
  const endpoint = /^\/endpoints\/([^/]+)\/?$/.exec(path);
  if (endpoint) return <EndpointsPage name={decodeURIComponent(endpoint[1])} />;
  const pipeline = /^\/pipelines\/([^/]+)(?:\/runs\/([^/]+))?\/?$/.exec(path);
  if (pipeline) {
    const name = decodeURIComponent(pipeline[1]);
    return <PipelinesPage name={name} runId={pipeline[2] ? decodeURIComponent(pipeline[2]) : undefined} />;
  }
  const section = sectionFor(path);
  if (!section || section.path === '/datasets') return <DatasetsPage />;
  if (section.path === '/prepare') return <PreparePage />;
  if (section.path === '/build') return <BuildPage />;
  if (section.path === '/models') return <ModelsPage />;
  if (section.path === '/endpoints') return <EndpointsPage />;
  if (section.path === '/pipelines') return <PipelinesPage />;
  if (section.path === '/ai-services') return <ServicesPage path={path} />;
  return <ComingSoon section={section} />;
}

export function App() {
  const path = usePath();
  // The whole tree re-renders on a locale or theme change (t() and chart colours are read while
  // rendering; memoized chart options also list useLook() in their dependencies).
  const locale = useLocale();
  const { resolved } = useTheme();
  useEffect(() => {
    if (path === '/' || path === '/index.html') navigate('/datasets');
  }, [path]);
  return (
    <div className="shell" data-locale={locale} data-theme-resolved={resolved}>
      <Sidebar path={path} />
      <main className="content">
        <Suspense fallback={<div className="page"><div className="panel muted pad">{t('common.loading')}</div></div>}>
          <Page path={path} />
        </Suspense>
      </main>
    </div>
  );
}
