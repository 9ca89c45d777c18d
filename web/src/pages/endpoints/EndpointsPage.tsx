// The Endpoints section: /endpoints lists every endpoint (state, variants and their models,
// created); /endpoints/<name> is one endpoint (EndpointDetail).
import { useQuery } from '@tanstack/react-query';
import { deployApi, type Endpoint } from '../../api/deploy';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, t, useLocale } from '../../i18n';
import { isTransitional, trafficShares } from '../../lib/endpoints';
import { formatPercent } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { EndpointDetail } from './EndpointDetail';
import { StateBadge } from './StateBadge';
import './endpoints.css';

export function endpointPath(name: string): string {
  return `/endpoints/${encodeURIComponent(name)}`;
}

export function VariantList({ endpoint }: { endpoint: Endpoint }) {
  const shares = trafficShares(endpoint.variants.map((v) => v.weight));
  return (
    <ul className="ep-variants">
      {endpoint.variants.map((v, i) => (
        <li key={v.name} data-testid="endpoint-variant">
          <strong>{v.name}</strong>{' → '}
          <a href={`/models/${encodeURIComponent(v.model_id)}`} onClick={(e) => { e.stopPropagation(); linkHandler(`/models/${encodeURIComponent(v.model_id)}`)(e); }}>
            {v.model_name ?? v.model_id}{v.model_version != null ? ` v${v.model_version}` : ''}
          </a>
          {endpoint.variants.length > 1 && <span className="share"> · {formatPercent(shares[i])}</span>}
        </li>
      ))}
    </ul>
  );
}

function EndpointList() {
  const { data, error, isPending } = useQuery({
    queryKey: ['endpoints'],
    queryFn: deployApi.listEndpoints,
    refetchInterval: (q) => (q.state.data?.endpoints.some((e) => isTransitional(e.state)) ? 1500 : 10_000),
  });
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('endpoints.title')}</h1>
          <p className="subtitle">{t('endpoints.subtitle')}</p>
        </div>
        <a className="btn" href="/models" onClick={linkHandler('/models')}>{t('endpoints.goModels')}</a>
      </header>
      {isPending && <div className="panel muted pad">{t('common.loading')}</div>}
      {error && <ErrorBox error={error} testId="endpoints-error" />}
      {data && data.endpoints.length === 0 && (
        <div className="panel empty" data-testid="endpoints-empty">
          <h3>{t('endpoints.empty.title')}</h3>
          <p className="muted">
            {t('endpoints.empty.before')}{' '}
            <a href="/models" onClick={linkHandler('/models')}>{t('endpoints.empty.link')}</a>
            {t('endpoints.empty.after')}
          </p>
        </div>
      )}
      {data && data.endpoints.length > 0 && (
        <div className="panel table-wrap">
          <table className="table" data-testid="endpoints-table">
            <thead>
              <tr>
                <th>{t('endpoints.col.name')}</th>
                <th>{t('endpoints.col.state')}</th>
                <th>{t('endpoints.col.variants')}</th>
                <th>{t('endpoints.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {data.endpoints.map((e) => (
                <tr key={e.name} className="clickable" onClick={() => navigate(endpointPath(e.name))} data-testid="endpoint-row" data-name={e.name}>
                  <td><a href={endpointPath(e.name)} onClick={linkHandler(endpointPath(e.name))} className="strong-link">{e.name}</a></td>
                  <td><StateBadge state={e.state} /></td>
                  <td><VariantList endpoint={e} /></td>
                  <td className="muted">{formatDateTime(e.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export default function EndpointsPage({ name }: { name?: string }) {
  useLocale(); // re-render on a language change
  if (name) return <EndpointDetail key={name} name={name} />;
  return <EndpointList />;
}
