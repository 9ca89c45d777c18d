// One dataset: header with facts and actions, and the Preview / Profile / Quality / Insights tabs.
import { lazy, Suspense, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { formatBytes, formatCount, formatDate } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { PreviewGrid } from './PreviewGrid';

// The chart tabs carry ECharts; load them on demand to keep the main bundle small.
const ProfileTab = lazy(() => import('./ProfileTab'));
const QualityTab = lazy(() => import('./QualityTab'));
const InsightsTab = lazy(() => import('./InsightsTab'));

const TABS = ['Preview', 'Profile', 'Quality', 'Insights'] as const;
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
  const [tab, setTab] = useState<Tab>('Preview');
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
      ← All datasets
    </a>
  );
  if (isPending) return <div className="page">{back}<div className="panel muted pad">Loading…</div></div>;
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
            <Fact label="Rows" value={formatCount(ds.rows)} testId="detail-rows" />
            <Fact label="Columns" value={formatCount(ds.columns.length)} />
            <Fact label="Size" value={formatBytes(ds.bytes)} />
            <Fact label="Created" value={formatDate(ds.created_at)} />
            <Fact label="Id" value={<code>{ds.id}</code>} testId="detail-id" />
          </div>
        </div>
        <div className="header-actions">
          <a className="btn" href={`/prepare?dataset=${encodeURIComponent(ds.id)}`}
            onClick={linkHandler(`/prepare?dataset=${encodeURIComponent(ds.id)}`)} data-testid="prepare-link">
            Prepare
          </a>
          <a className="btn" href={`/build?dataset=${encodeURIComponent(ds.id)}`}
            onClick={linkHandler(`/build?dataset=${encodeURIComponent(ds.id)}`)} data-testid="build-link">
            Build a model
          </a>
          <a className="btn" href={api.downloadUrl(ds.id)} download data-testid="download-link">
            Download
          </a>
          <button className="btn btn-danger-outline" onClick={() => setConfirming(true)}
            data-testid="delete-button">
            Delete
          </button>
        </div>
      </header>

      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            className={`tab${tab === t ? ' active' : ''}`}
            onClick={() => setTab(t)}
            data-testid={`tab-${t.toLowerCase()}`}
          >
            {t}
          </button>
        ))}
      </div>

      <div className="tab-body" role="tabpanel">
        {tab === 'Preview' && <PreviewGrid dataset={ds} />}
        <Suspense fallback={<div className="panel muted pad">Loading…</div>}>
          {tab === 'Profile' && <ProfileTab datasetId={ds.id} />}
          {tab === 'Quality' && <QualityTab dataset={ds} />}
          {tab === 'Insights' && <InsightsTab dataset={ds} />}
        </Suspense>
      </div>

      <ConfirmDialog
        open={confirming}
        title={`Delete ${ds.name} v${ds.version}?`}
        body={
          <>
            <p>This removes this version and its stored data. Other versions of <strong>{ds.name}</strong> are kept.</p>
            {remove.error && <ErrorBox error={remove.error} />}
          </>
        }
        confirmLabel="Delete"
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
