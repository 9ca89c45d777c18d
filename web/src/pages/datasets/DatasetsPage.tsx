// The Datasets page: upload panel and the list of every dataset version.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';
import { formatBytes, formatCount, formatDate } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { UploadPanel } from './UploadPanel';

function DatasetTable() {
  const { data, error, isPending } = useQuery({ queryKey: ['datasets'], queryFn: api.listDatasets });
  if (isPending) return <div className="panel muted pad">{t('datasets.loadingList')}</div>;
  if (error) return <ErrorBox error={error} testId="list-error" />;
  if (data.datasets.length === 0) {
    return (
      <div className="panel empty" data-testid="datasets-empty">
        <h3>{t('datasets.empty.title')}</h3>
        <p className="muted">{t('datasets.empty.body')}</p>
      </div>
    );
  }
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="datasets-table">
        <thead>
          <tr>
            <th>{t('datasets.col.name')}</th>
            <th className="num">{t('datasets.col.version')}</th>
            <th className="num">{t('datasets.col.rows')}</th>
            <th className="num">{t('datasets.col.columns')}</th>
            <th className="num">{t('datasets.col.size')}</th>
            <th>{t('datasets.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {data.datasets.map((d) => (
            <tr
              key={d.id}
              className="clickable"
              onClick={() => navigate(`/datasets/${encodeURIComponent(d.id)}`)}
              data-testid="dataset-row"
              data-name={d.name}
            >
              <td>
                <a href={`/datasets/${encodeURIComponent(d.id)}`}
                  onClick={linkHandler(`/datasets/${encodeURIComponent(d.id)}`)}
                  className="strong-link" data-testid="dataset-link">
                  {d.name}
                </a>
              </td>
              <td className="num">v{d.version}</td>
              <td className="num" data-testid="dataset-rows">{formatCount(d.rows)}</td>
              <td className="num">{d.columns ? formatCount(d.columns.length) : '—'}</td>
              <td className="num">{formatBytes(d.bytes)}</td>
              <td className="muted">{formatDate(d.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.total > data.datasets.length && (
        <div className="muted pad">{t('datasets.showing', { shown: formatCount(data.datasets.length), total: formatCount(data.total) })}</div>
      )}
    </div>
  );
}

export function DatasetsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('datasets.title')}</h1>
          <p className="subtitle">{t('datasets.subtitle')}</p>
        </div>
      </header>
      <UploadPanel />
      <h2 className="section-title">{t('datasets.all')}</h2>
      <DatasetTable />
    </div>
  );
}
