// The Datasets page: upload panel and the list of every dataset version.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { formatBytes, formatCount, formatDate } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { UploadPanel } from './UploadPanel';

function DatasetTable() {
  const { data, error, isPending } = useQuery({ queryKey: ['datasets'], queryFn: api.listDatasets });
  if (isPending) return <div className="panel muted pad">Loading datasets…</div>;
  if (error) return <ErrorBox error={error} testId="list-error" />;
  if (data.datasets.length === 0) {
    return (
      <div className="panel empty" data-testid="datasets-empty">
        <h3>No datasets yet</h3>
        <p className="muted">Upload a CSV or JSON Lines file above to get started.</p>
      </div>
    );
  }
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="datasets-table">
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">Version</th>
            <th className="num">Rows</th>
            <th className="num">Columns</th>
            <th className="num">Size</th>
            <th>Created</th>
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
              <td className="num">{d.columns?.length ?? '—'}</td>
              <td className="num">{formatBytes(d.bytes)}</td>
              <td className="muted">{formatDate(d.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.total > data.datasets.length && (
        <div className="muted pad">Showing {data.datasets.length} of {data.total}.</div>
      )}
    </div>
  );
}

export function DatasetsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Datasets</h1>
          <p className="subtitle">Immutable, versioned tables. Upload again under the same name for a new version.</p>
        </div>
      </header>
      <UploadPanel />
      <h2 className="section-title">All datasets</h2>
      <DatasetTable />
    </div>
  );
}
