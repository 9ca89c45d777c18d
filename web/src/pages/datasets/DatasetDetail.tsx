// One dataset: header with facts and actions, and the Preview / Profile / Quality / Insights tabs.
import { lazy, Suspense, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';
import { formatBytes, formatCount, formatDate } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { PreviewGrid } from './PreviewGrid';

// The chart tabs carry ECharts; load them on demand to keep the main bundle small.
const ProfileTab = lazy(() => import('./ProfileTab'));
const QualityTab = lazy(() => import('./QualityTab'));
const InsightsTab = lazy(() => import('./InsightsTab'));

const TABS = ['preview', 'profile', 'quality', 'insights'] as const;
type Tab = (typeof TABS)[number];

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <div className="fact-label">{label}</div>
      <div className="fact-value" data-testid={testId}>{value}</div>
    </div>
  );
}

export function DatasetDetail({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<Tab>('preview');
  const [confirming, setConfirming] = useState(false);
  const { data: ds, error, isPending } = useQuery({
    queryKey: ['dataset', id],
    queryFn: () => api.getDataset(id),
  });
  const remove = useMutation({
    mutationFn: () => api.deleteDataset(id),
    onSuccess: async () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: ['dataset', id] });
      await queryClient.invalidateQueries({ queryKey: ['datasets'] });
      navigate('/datasets');
    },
  });

  const back = (
    <a href="/datasets" onClick={linkHandler('/datasets')} className="back-link">
      {t('datasets.detail.back')}
    </a>
  );
  if (isPending) return <div className="page">{back}<div className="panel muted pad">{t('common.loading')}</div></div>;
  if (error) return <div className="page">{back}<ErrorBox error={error} testId="detail-error" /></div>;

  return (
    <div className="page">
      {back}
      <header className="page-header detail-header">
        <div>
          <h1 data-testid="detail-name">
            {ds.name} <span className="version-pill">v{ds.version}</span>
          </h1>
          <div className="facts">
            <Fact label={t('datasets.col.rows')} value={formatCount(ds.rows)} testId="detail-rows" />
            <Fact label={t('datasets.col.columns')} value={formatCount(ds.columns.length)} />
            <Fact label={t('datasets.col.size')} value={formatBytes(ds.bytes)} />
            <Fact label={t('datasets.detail.created')} value={formatDate(ds.created_at)} />
            <Fact label={t('datasets.detail.id')} value={<code>{ds.id}</code>} testId="detail-id" />
          </div>
        </div>
        <div className="header-actions">
          <a className="btn" href={`/prepare?dataset=${encodeURIComponent(ds.id)}`}
            onClick={linkHandler(`/prepare?dataset=${encodeURIComponent(ds.id)}`)} data-testid="prepare-link">
            {t('datasets.detail.prepare')}
          </a>
          <a className="btn" href={`/build?dataset=${encodeURIComponent(ds.id)}`}
            onClick={linkHandler(`/build?dataset=${encodeURIComponent(ds.id)}`)} data-testid="build-link">
            {t('datasets.detail.build')}
          </a>
          <a className="btn" href={api.downloadUrl(ds.id)} download data-testid="download-link">
            {t('common.download')}
          </a>
          <button className="btn btn-danger-outline" onClick={() => setConfirming(true)}
            data-testid="delete-button">
            {t('common.delete')}
          </button>
        </div>
      </header>

      <div className="tabs" role="tablist">
        {TABS.map((id) => (
          <button
            key={id}
            role="tab"
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className={`tab${tab === id ? ' active' : ''}`}
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              const next = TABS[(TABS.indexOf(id) + step + TABS.length) % TABS.length];
              setTab(next);
              (e.currentTarget.parentElement?.querySelector(`[data-testid="tab-${next}"]`) as HTMLElement | null)?.focus();
            }}
            data-testid={`tab-${id}`}
          >
            {t(`datasets.tab.${id}`)}
          </button>
        ))}
      </div>

      <div className="tab-body" role="tabpanel">
        {tab === 'preview' && <PreviewGrid dataset={ds} />}
        <Suspense fallback={<div className="panel muted pad">{t('common.loading')}</div>}>
          {tab === 'profile' && <ProfileTab datasetId={ds.id} />}
          {tab === 'quality' && <QualityTab dataset={ds} />}
          {tab === 'insights' && <InsightsTab dataset={ds} />}
        </Suspense>
      </div>

      <ConfirmDialog
        open={confirming}
        title={t('datasets.delete.title', { name: ds.name, version: ds.version })}
        body={
          <>
            <p>{t('datasets.delete.body', { name: ds.name })}</p>
            {remove.error && <ErrorBox error={remove.error} />}
          </>
        }
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      />
    </div>
  );
}
