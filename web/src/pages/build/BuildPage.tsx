// The Build page: /build shows the form and recent training jobs; /build/<job id> the live view.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
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
  if (isPending) return <div className="panel muted pad">Loading training jobs…</div>;
  if (error) return <ErrorBox error={error} />;
  if (data.training_jobs.length === 0) {
    return <div className="panel empty"><p className="muted">No training jobs yet: the first one you start appears here.</p></div>;
  }
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="jobs-table">
        <thead>
          <tr><th>Target</th><th>Dataset</th><th>State</th><th className="num">Best</th><th>Started</th><th>Model</th></tr>
        </thead>
        <tbody>
          {data.training_jobs.map((j) => (
            <tr key={j.id} className="clickable" onClick={() => navigate(`/build/${encodeURIComponent(j.id)}`)} data-testid="job-row">
              <td>
                <a href={`/build/${encodeURIComponent(j.id)}`} onClick={linkHandler(`/build/${encodeURIComponent(j.id)}`)}
                  className="strong-link">{j.target ?? '—'}</a>
                <span className="muted small"> · {j.problem_type}</span>
              </td>
              <td>{j.dataset ? `${j.dataset.name} v${j.dataset.version}` : '—'}</td>
              <td><StatePill state={j.state} /></td>
              <td className="num">
                {j.progress?.best_score != null ? `${formatStat(j.progress.best_score)}` : '—'}
                <span className="muted small"> {metricLabel(j.metric ?? '')}</span>
              </td>
              <td className="muted">{formatDate(j.created_at)}</td>
              <td>
                {j.model_id ? (
                  <a href={`/models/${encodeURIComponent(j.model_id)}`} onClick={(e) => { e.stopPropagation(); linkHandler(`/models/${encodeURIComponent(j.model_id!)}`)(e); }}>
                    open
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
          <h1>Build a model</h1>
          <p className="subtitle">Pick a dataset and the column to predict; Lathe tries learners and settings within the time budget and keeps the best.</p>
        </div>
      </header>
      {list.isPending && <div className="panel muted pad">Loading datasets…</div>}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && datasets.length === 0 && (
        <div className="panel empty" data-testid="build-empty">
          <h3>No datasets yet</h3>
          <p className="muted"><a href="/datasets" onClick={linkHandler('/datasets')}>Upload a CSV</a> first, then come back to train on it.</p>
        </div>
      )}
      {datasets.length > 0 && <BuildForm datasets={datasets} datasetId={search.get('dataset') ?? ''} />}
      <h2 className="section-title">Recent training jobs</h2>
      <RecentJobs />
    </div>
  );
}
