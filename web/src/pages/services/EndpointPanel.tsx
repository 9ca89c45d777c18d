// The endpoint of a custom Comprehend model (a document classifier or an entity recognizer): its
// name and status from ListEndpoints, Deploy (CreateEndpoint with the model's ARN) when there is
// none and the model is trained, and delete. A classifier's endpoint is also a Lathe endpoint
// (latheEndpoint: a link to its traffic and latency page); a recognizer's is not.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { comprehendApi, type EndpointProperties } from '../../api/comprehend';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';
import { endpointNameFor, nameFromArn } from '../../lib/classifiers';
import { NAME_PATTERN } from '../../lib/endpoints';
import { linkHandler } from '../../lib/router';
import { ComprehendStatus } from './components';

export function EndpointPanel({ modelArn, trained, endpoint, latheEndpoint = false }: {
  modelArn: string; trained: boolean; endpoint: EndpointProperties | null; latheEndpoint?: boolean;
}) {
  const queryClient = useQueryClient();
  const name = nameFromArn(modelArn);
  const [endpointName, setEndpointName] = useState(endpointNameFor(name));
  const [confirm, setConfirm] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['comprehend', 'endpoints'] });
  const create = useMutation({ mutationFn: () => comprehendApi.createEndpoint(endpointName, modelArn), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => comprehendApi.deleteEndpoint(endpoint!.EndpointArn),
    onSuccess: () => { setConfirm(false); refresh(); },
  });
  const epName = endpoint ? nameFromArn(endpoint.EndpointArn) : '';
  return (
    <section className="panel" data-testid="clf-deploy">
      <h3 className="panel-title">{t('services.clf.endpoint')}</h3>
      {endpoint ? (
        <div className="clf-endpoint-row">
          <strong data-testid="clf-endpoint-name">{epName}</strong>
          <ComprehendStatus status={endpoint.Status} testId="clf-endpoint-status" />
          {latheEndpoint && (
            <a href={`/endpoints/${encodeURIComponent(epName)}`} onClick={linkHandler(`/endpoints/${encodeURIComponent(epName)}`)}>
              {t('services.clf.openEndpoint')}
            </a>
          )}
          <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm(true)} data-testid="clf-endpoint-delete">
            {t('services.clf.deleteEndpoint')}
          </button>
          {endpoint.Message && <p className="field-error">{endpoint.Message}</p>}
        </div>
      ) : trained ? (
        <div className="send-row">
          <label className="field inline">
            <span>{t('services.clf.endpointName')}</span>
            <input value={endpointName} onChange={(e) => setEndpointName(e.target.value)} data-testid="clf-endpoint-input" maxLength={63} />
          </label>
          <button type="button" className="btn btn-primary" data-testid="clf-deploy-button"
            disabled={!NAME_PATTERN.test(endpointName) || create.isPending} onClick={() => create.mutate()}>
            {t('services.clf.deploy')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('services.clf.deployWhenTrained')}</p>
      )}
      {create.error && <ErrorBox error={create.error} testId="clf-deploy-error" />}
      {remove.error && <ErrorBox error={remove.error} />}
      <ConfirmDialog open={confirm} title={t('services.clf.deleteEndpoint')} body={t('services.clf.deleteEndpointBody', { name: epName })}
        confirmLabel={t('common.delete')} busy={remove.isPending} onConfirm={() => remove.mutate()} onCancel={() => setConfirm(false)} />
    </section>
  );
}
