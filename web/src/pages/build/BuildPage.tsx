// The Build page: /build shows the form and recent training jobs; /build/<job id> the live view.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { t, tOr } from '../../i18n';
import { metricLabel } from '../../lib/build';
import { formatDate, formatStat } from '../../lib/format';
import { linkHandler, navigate, useSearch } from '../../lib/router';
import { BuildForm } from './BuildForm';
import { JobView, StatePill, stateKey } from './JobView';

function RecentJobs() {
  const { data, error, isPending } = useQuery({
    queryKey: ['training-jobs'],
    queryFn: api.listTrainingJobs,
    refetchInterval: (q) =>
      q.state.data?.training_jobs.some((j) => ['pending', 'in_progress', 'stopping'].includes(stateKey(j.state))) ? 3000 : false,
  });
  if (isPending) return <div className="panel muted pad">{t('build.loadingJobs')}</div>;
  if (error) return <ErrorBox error={error} />;
  if (data.training_jobs.length === 0) {
    return <div className="panel empty"><p className="muted">{t('build.noJobs')}</p></div>;
  }
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="jobs-table">
        <thead>
          <tr>
            <th>{t('build.col.target')}</th>
            <th>{t('build.col.dataset')}</th>
            <th>{t('build.col.state')}</th>
            <th className="num">{t('build.col.best')}</th>
            <th>{t('build.col.started')}</th>
            <th>{t('build.col.model')}</th>
          </tr>
        </thead>
        <tbody>
          {data.training_jobs.map((j) => (
            <tr key={j.id} className="clickable" onClick={() => navigate(`/build/${encodeURIComponent(j.id)}`)} data-testid="job-row">
              <td>
                <a href={`/build/${encodeURIComponent(j.id)}`} onClick={linkHandler(`/build/${encodeURIComponent(j.id)}`)}
                  className="strong-link">{j.target ?? '—'}</a>
                <span className="muted small"> · {tOr(`common.problem.${j.problem_type}`, j.problem_type ?? '')}</span>
              </td>
              <td>{j.dataset ? t('common.versionOf', { name: j.dataset.name, version: j.dataset.version }) : '—'}</td>
              <td><StatePill state={j.state} /></td>
              <td className="num">
                {j.progress?.best_score != null ? `${formatStat(j.progress.best_score)}` : '—'}
                <span className="muted small"> {metricLabel(j.metric ?? '')}</span>
              </td>
              <td className="muted">{formatDate(j.created_at)}</td>
              <td>
                {j.model_id ? (
                  <a href={`/models/${encodeURIComponent(j.model_id)}`} onClick={(e) => { e.stopPropagation(); linkHandler(`/models/${encodeURIComponent(j.model_id!)}`)(e); }}>
                    {t('build.openModel')}
                  </a>
                ) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function BuildPage({ jobId }: { jobId?: string }) {
  const search = new URLSearchParams(useSearch());
  const list = useQuery({ queryKey: ['datasets'], queryFn: api.listDatasets });
  if (jobId) return <JobView key={jobId} id={jobId} />;
  const datasets = list.data?.datasets ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('build.title')}</h1>
          <p className="subtitle">{t('build.subtitle')}</p>
        </div>
      </header>
      {list.isPending && <div className="panel muted pad">{t('build.loadingDatasets')}</div>}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && datasets.length === 0 && (
        <div className="panel empty" data-testid="build-empty">
          <h3>{t('build.empty.title')}</h3>
          <p className="muted"><a href="/datasets" onClick={linkHandler('/datasets')}>{t('build.empty.upload')}</a> {t('build.empty.then')}</p>
        </div>
      )}
      {datasets.length > 0 && <BuildForm datasets={datasets} datasetId={search.get('dataset') ?? ''} />}
      <h2 className="section-title">{t('build.recent')}</h2>
      <RecentJobs />
    </div>
  );
}
