// The Models page: /models lists trained models; /models/<id> is one model.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { t, tOr } from '../../i18n';
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
          <h1>{t('models.title')}</h1>
          <p className="subtitle">{t('models.subtitle')}</p>
        </div>
        <a className="btn btn-primary" href="/build" onClick={linkHandler('/build')}>{t('models.build')}</a>
      </header>
      {isPending && <div className="panel muted pad">{t('models.loading')}</div>}
      {error && <ErrorBox error={error} />}
      {data && data.models.length === 0 && (
        <div className="panel empty" data-testid="models-empty">
          <h3>{t('models.empty.title')}</h3>
          <p className="muted"><a href="/build" onClick={linkHandler('/build')}>{t('models.empty.build')}</a> {t('models.empty.then')}</p>
        </div>
      )}
      {data && data.models.length > 0 && (
        <div className="panel table-wrap">
          <table className="table" data-testid="models-table">
            <thead>
              <tr>
                <th>{t('models.col.name')}</th>
                <th className="num">{t('models.col.version')}</th>
                <th>{t('models.col.predicts')}</th>
                <th>{t('models.col.dataset')}</th>
                <th className="num">{t('models.col.score')}</th>
                <th className="num">{t('models.col.size')}</th>
                <th>{t('models.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {data.models.map((m) => (
                <tr key={m.id} className="clickable" onClick={() => navigate(`/models/${encodeURIComponent(m.id)}`)} data-testid="model-row" data-name={m.name}>
                  <td><a href={`/models/${encodeURIComponent(m.id)}`} onClick={linkHandler(`/models/${encodeURIComponent(m.id)}`)} className="strong-link">{m.name}</a></td>
                  <td className="num">v{m.version}</td>
                  <td><code>{m.target}</code> <span className="muted small">{tOr(`common.problem.${m.problem_type}`, m.problem_type ?? '')}</span></td>
                  <td>{m.dataset ? t('common.versionOf', { name: m.dataset.name, version: m.dataset.version }) : '—'}</td>
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
