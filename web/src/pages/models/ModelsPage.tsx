// The Models page: /models lists trained models; /models/<id> is one model.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { metricLabel } from '../../lib/build';
import { formatBytes, formatDate, formatStat } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { ModelDetail } from './ModelDetail';

function primaryScore(m: { metric?: string; test_metrics?: Record<string, unknown> }): string {
  const v = m.metric ? m.test_metrics?.[m.metric] : undefined;
  return typeof v === 'number' ? formatStat(v) : '—';
}

export default function ModelsPage({ modelId }: { modelId?: string }) {
  const { data, error, isPending } = useQuery({ queryKey: ['models'], queryFn: api.listModels, enabled: !modelId });
  if (modelId) return <ModelDetail key={modelId} id={modelId} />;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Models</h1>
          <p className="subtitle">Every trained model with its test score. Open one for its evaluation and to try predictions.</p>
        </div>
        <a className="btn btn-primary" href="/build" onClick={linkHandler('/build')}>Build a model</a>
      </header>
      {isPending && <div className="panel muted pad">Loading models…</div>}
      {error && <ErrorBox error={error} />}
      {data && data.models.length === 0 && (
        <div className="panel empty" data-testid="models-empty">
          <h3>No models yet</h3>
          <p className="muted"><a href="/build" onClick={linkHandler('/build')}>Build one</a> from a dataset: pick the column to predict and press Start.</p>
        </div>
      )}
      {data && data.models.length > 0 && (
        <div className="panel table-wrap">
          <table className="table" data-testid="models-table">
            <thead>
              <tr><th>Name</th><th className="num">Version</th><th>Predicts</th><th>Dataset</th><th className="num">Test score</th><th className="num">Size</th><th>Created</th></tr>
            </thead>
            <tbody>
              {data.models.map((m) => (
                <tr key={m.id} className="clickable" onClick={() => navigate(`/models/${encodeURIComponent(m.id)}`)} data-testid="model-row" data-name={m.name}>
                  <td><a href={`/models/${encodeURIComponent(m.id)}`} onClick={linkHandler(`/models/${encodeURIComponent(m.id)}`)} className="strong-link">{m.name}</a></td>
                  <td className="num">v{m.version}</td>
                  <td><code>{m.target}</code> <span className="muted small">{m.problem_type}</span></td>
                  <td>{m.dataset ? `${m.dataset.name} v${m.dataset.version}` : '—'}</td>
                  <td className="num">{primaryScore(m)} <span className="muted small">{metricLabel(m.metric ?? '')}</span></td>
                  <td className="num">{formatBytes(m.bundle_bytes)}</td>
                  <td className="muted">{formatDate(m.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
