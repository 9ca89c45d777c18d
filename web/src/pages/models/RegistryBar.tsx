// The registry bar of the model page: the approval status with Approve / Reject
// (POST /api/v1/models/{id}/approve|reject), the endpoints serving this model, and a Deploy button
// whose dialog creates an endpoint (name suggested from the model name) or replaces the model of
// an existing one, then opens the endpoint's page.
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deployApi, type Endpoint, type RegistryModel } from '../../api/deploy';
import type { Model } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, t } from '../../i18n';
import { nameProblem, suggestEndpointName, uniqueEndpointName } from '../../lib/endpoints';
import { linkHandler, navigate } from '../../lib/router';
import '../endpoints/endpoints.css';

function endpointPath(name: string): string {
  return `/endpoints/${encodeURIComponent(name)}`;
}

function approvalClass(status: string | undefined): string {
  if (status === 'Approved') return 'approval approved';
  if (status === 'Rejected') return 'approval rejected';
  return 'approval';
}

export function approvalLabel(status: string | undefined): string {
  switch (status) {
    case 'Approved':
      return t('deploy.approval.Approved');
    case 'Rejected':
      return t('deploy.approval.Rejected');
    case 'PendingManualApproval':
      return t('deploy.approval.PendingManualApproval');
    default:
      return status ?? t('deploy.approval.unknown');
  }
}

function DeployDialog({ model, endpoints, open, onClose }: { model: Model; endpoints: Endpoint[]; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const taken = endpoints.map((e) => e.name);
  const [mode, setMode] = useState<'new' | 'replace'>('new');
  const [name, setName] = useState(() => uniqueEndpointName(suggestEndpointName(model.name), taken));
  const [existing, setExisting] = useState(endpoints[0]?.name ?? '');
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const problem = mode === 'new' ? nameProblem(name.trim()) : null;
  const clash = mode === 'new' && taken.includes(name.trim());
  const deploy = useMutation({
    mutationFn: async () => {
      if (mode === 'new') return deployApi.createEndpoint(name.trim(), [{ name: 'AllTraffic', model_id: model.id, weight: 1 }]);
      const target = endpoints.find((e) => e.name === existing);
      const variantName = target?.variants[0]?.name ?? 'AllTraffic';
      return deployApi.updateEndpoint(existing, [{ name: variantName, model_id: model.id, weight: 1 }]);
    },
    onSuccess: async (endpoint) => {
      queryClient.setQueryData(['endpoint', endpoint.name], endpoint);
      await queryClient.invalidateQueries({ queryKey: ['endpoints'] });
      onClose();
      navigate(endpointPath(endpoint.name));
    },
  });
  const canSubmit = mode === 'new' ? !problem && !clash : !!existing;
  const approval = (model as RegistryModel).approval_status;

  return (
    <dialog ref={ref} className="dialog deploy-dialog" data-testid="deploy-dialog"
      onCancel={(e) => { e.preventDefault(); if (!deploy.isPending) onClose(); }}>
      <h3>{t('deploy.dialog.title', { model: `${model.name} v${model.version}` })}</h3>
      <form onSubmit={(e) => { e.preventDefault(); setTouched(true); if (canSubmit) deploy.mutate(); }}>
        <fieldset className="deploy-choice">
          <legend className="ep-hidden-label">{t('deploy.dialog.where')}</legend>
          <label className={`option${mode === 'new' ? ' selected' : ''}`}>
            <input type="radio" name="deploy-mode" checked={mode === 'new'} onChange={() => setMode('new')} data-testid="deploy-mode-new" />
            <span className="option-body">
              <strong>{t('deploy.dialog.new')}</strong>
              <span className={`field${touched && (problem || clash) ? ' invalid' : ''}`}>
                <span>{t('deploy.dialog.name')}</span>
                <input value={name} onChange={(e) => setName(e.target.value)} onFocus={() => setMode('new')}
                  maxLength={80} spellCheck={false} data-testid="deploy-name" aria-invalid={!!(touched && (problem || clash))} />
              </span>
              {mode === 'new' && (problem || clash) && (touched || name !== '') && (
                <span className="field-error" data-testid="deploy-name-error">
                  {clash ? t('deploy.dialog.taken', { name: name.trim() }) : t(problem!.key, problem!.params)}
                </span>
              )}
            </span>
          </label>
          <label className={`option${mode === 'replace' ? ' selected' : ''}`}>
            <input type="radio" name="deploy-mode" checked={mode === 'replace'} onChange={() => setMode('replace')}
              disabled={endpoints.length === 0} data-testid="deploy-mode-replace" />
            <span className="option-body">
              <strong>{t('deploy.dialog.replace')}</strong>
              {endpoints.length === 0 ? (
                <span className="muted small">{t('deploy.dialog.noEndpoints')}</span>
              ) : (
                <span className="field">
                  <span>{t('deploy.dialog.endpoint')}</span>
                  <select value={existing} onChange={(e) => { setExisting(e.target.value); setMode('replace'); }} data-testid="deploy-existing">
                    {endpoints.map((e) => (
                      <option key={e.name} value={e.name}>
                        {e.name} ({e.variants.map((v) => `${v.model_name ?? v.model_id}${v.model_version != null ? ` v${v.model_version}` : ''}`).join(', ')})
                      </option>
                    ))}
                  </select>
                </span>
              )}
              {mode === 'replace' && <span className="muted small">{t('deploy.dialog.replaceNote')}</span>}
            </span>
          </label>
        </fieldset>
        {approval === 'Rejected' && <div className="notice warn">{t('deploy.dialog.rejectedWarning')}</div>}
        {deploy.error && <ErrorBox error={deploy.error} testId="deploy-error" />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={deploy.isPending}>{t('deploy.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={deploy.isPending || (touched && !canSubmit)} data-testid="deploy-submit">
            {deploy.isPending ? t('deploy.dialog.deploying') : mode === 'new' ? t('deploy.dialog.create') : t('deploy.dialog.update')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function RegistryBar({ model }: { model: Model }) {
  const queryClient = useQueryClient();
  const registry = model as RegistryModel;
  const [dialogOpen, setDialogOpen] = useState(false);
  const [dialogKey, setDialogKey] = useState(0);
  const endpoints = useQuery({ queryKey: ['endpoints'], queryFn: deployApi.listEndpoints, retry: false });
  const decide = useMutation({
    mutationFn: (approve: boolean) => (approve ? deployApi.approveModel(model.id) : deployApi.rejectModel(model.id)),
    onSuccess: (updated) => {
      queryClient.setQueryData(['model', model.id], (old: Model | undefined) => ({ ...(old ?? {}), ...updated }));
      void queryClient.invalidateQueries({ queryKey: ['models'] });
    },
  });
  const serving = (endpoints.data?.endpoints ?? []).filter((e) => e.variants.some((v) => v.model_id === model.id));
  const last = registry.approval_history?.[registry.approval_history.length - 1];
  const status = registry.approval_status;

  return (
    <div className="panel registry-bar" data-testid="registry-bar">
      <span className="muted small">{t('deploy.approval.label')}</span>
      <span className={approvalClass(status)} data-testid="approval-status" data-status={status ?? ''}
        title={last ? `${approvalLabel(last.status)} · ${formatDateTime(last.at)}${last.reason ? ` · ${last.reason}` : ''}` : undefined}>
        {approvalLabel(status)}
      </span>
      <button className="btn" onClick={() => decide.mutate(true)} disabled={decide.isPending || status === 'Approved'} data-testid="approve-button">
        {t('deploy.approval.approve')}
      </button>
      <button className="btn btn-danger-outline" onClick={() => decide.mutate(false)} disabled={decide.isPending || status === 'Rejected'}
        data-testid="reject-button">
        {t('deploy.approval.reject')}
      </button>
      {serving.length > 0 && (
        <span className="deployed-on" data-testid="deployed-on">
          {t('deploy.servedBy')}{' '}
          {serving.map((e, i) => (
            <span key={e.name}>
              {i > 0 && ', '}
              <a href={endpointPath(e.name)} onClick={linkHandler(endpointPath(e.name))}>{e.name}</a>
            </span>
          ))}
        </span>
      )}
      <span className="spacer" />
      <button className="btn btn-primary" onClick={() => { setDialogKey((k) => k + 1); setDialogOpen(true); }}
        disabled={endpoints.isPending} data-testid="deploy-button">
        {t('deploy.deploy')}
      </button>
      {decide.error && <div style={{ flexBasis: '100%' }}><ErrorBox error={decide.error} testId="approval-error" /></div>}
      {endpoints.error && <div style={{ flexBasis: '100%' }}><ErrorBox error={endpoints.error} testId="deploy-endpoints-error" /></div>}
      {dialogKey > 0 && (
        <DeployDialog key={dialogKey} model={model} endpoints={endpoints.data?.endpoints ?? []} open={dialogOpen}
          onClose={() => setDialogOpen(false)} />
      )}
    </div>
  );
}
