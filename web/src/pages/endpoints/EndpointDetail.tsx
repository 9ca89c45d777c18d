// One endpoint (/endpoints/<name>): its state (polled while Creating / Updating), the invocation
// URL, the variants with their traffic shares and an editor to replace them, delete with a
// confirmation, the playground with snippets, and live charts of invocations and latency.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { deployApi, type Endpoint } from '../../api/deploy';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, t } from '../../i18n';
import { isTransitional } from '../../lib/endpoints';
import { linkHandler, navigate } from '../../lib/router';
import { LiveCharts } from './LiveCharts';
import { Playground } from './Playground';
import { StateBadge } from './StateBadge';
import { VariantsPanel } from './VariantsPanel';

export function EndpointDetail({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { data: endpoint, error, isPending } = useQuery({
    queryKey: ['endpoint', name],
    queryFn: () => deployApi.getEndpoint(name),
    refetchInterval: (q) => (isTransitional(q.state.data?.state) ? 1000 : 15_000),
  });
  const remove = useMutation({
    mutationFn: () => deployApi.deleteEndpoint(name),
    onSuccess: async () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: ['endpoint', name] });
      await queryClient.invalidateQueries({ queryKey: ['endpoints'] });
      navigate('/endpoints');
    },
  });
  const back = <a href="/endpoints" onClick={linkHandler('/endpoints')} className="back-link">← {t('endpoints.back')}</a>;
  if (isPending) return <div className="page">{back}<div className="panel muted pad">{t('common.loading')}</div></div>;
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <div className="page">
        {back}
        {missing ? (
          <div className="panel empty" data-testid="endpoint-missing">
            <h3>{t('endpoints.missing.title', { name })}</h3>
            <p className="muted">{t('endpoints.missing.body')}</p>
          </div>
        ) : (
          <ErrorBox error={error} testId="endpoint-error" />
        )}
      </div>
    );
  }
  const onUpdated = (updated: Endpoint) => {
    queryClient.setQueryData(['endpoint', name], updated);
    void queryClient.invalidateQueries({ queryKey: ['endpoints'] });
  };
  const origin = window.location.origin;
  const url = `${origin}${endpoint.invocation_url ?? `/endpoints/${encodeURIComponent(endpoint.name)}/invocations`}`;

  return (
    <div className="page wide" data-testid="endpoint-detail">
      {back}
      <header className="page-header detail-header">
        <div>
          <h1 data-testid="endpoint-name">{endpoint.name} <StateBadge state={endpoint.state} testId="endpoint-state" /></h1>
          <div className="facts">
            <div className="fact">
              <div className="fact-label">{t('endpoints.fact.url')}</div>
              <div className="fact-value ep-url"><code data-testid="endpoint-url">{url}</code></div>
            </div>
            <div className="fact">
              <div className="fact-label">{t('endpoints.fact.created')}</div>
              <div className="fact-value">{formatDateTime(endpoint.created_at)}</div>
            </div>
            {endpoint.updated_at && (
              <div className="fact">
                <div className="fact-label">{t('endpoints.fact.updated')}</div>
                <div className="fact-value">{formatDateTime(endpoint.updated_at)}</div>
              </div>
            )}
            {endpoint.data_capture && (
              <div className="fact">
                <div className="fact-label">{t('endpoints.fact.capture')}</div>
                <div className="fact-value">
                  {endpoint.data_capture.enabled
                    ? t('endpoints.capture.on', { pct: endpoint.data_capture.sampling_percentage })
                    : t('endpoints.capture.off')}
                </div>
              </div>
            )}
          </div>
          {isTransitional(endpoint.state) && (
            <p className="muted small" data-testid="endpoint-busy">{t(`endpoints.busy.${endpoint.state}`)}</p>
          )}
        </div>
        <div className="header-actions">
          <button className="btn btn-danger-outline" onClick={() => setConfirming(true)} data-testid="endpoint-delete">
            {t('endpoints.delete')}
          </button>
        </div>
      </header>
      {endpoint.failure_reason && (
        <div className="error-box ep-failure" role="alert" data-testid="endpoint-failure">
          <div className="error-title">{endpoint.state === 'Failed' ? t('endpoints.failed') : t('endpoints.updateFailed')}</div>
          <div className="error-message">{endpoint.failure_reason}</div>
        </div>
      )}

      <div className="ep-grid">
        <div className="ep-stack">
          <Playground endpoint={endpoint} />
        </div>
        <div className="ep-stack">
          <VariantsPanel endpoint={endpoint} onUpdated={onUpdated} />
          <LiveCharts endpoint={endpoint.name} />
        </div>
      </div>

      <ConfirmDialog
        open={confirming}
        title={t('endpoints.deleteTitle', { name: endpoint.name })}
        body={<><p>{t('endpoints.deleteBody')}</p>{remove.error && <ErrorBox error={remove.error} />}</>}
        confirmLabel={t('endpoints.delete')}
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => { setConfirming(false); remove.reset(); }}
      />
    </div>
  );
}
