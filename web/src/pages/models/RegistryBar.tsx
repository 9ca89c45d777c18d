// The registry bar of the model page: the approval status with Approve / Reject (a dialog asks for
// an optional comment, sent as the reason of POST /api/v1/models/{id}/approve|reject; the
// approval history lists every decision with its reason), the endpoints serving this model, and a
// Deploy button
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

// Reasons are at most 1 KiB of UTF-8 on the server (docs/api/deploy.md).
const MAX_REASON_BYTES = 1024;

function DecisionDialog({ model, approve, open, busy, error, onConfirm, onClose }: {
  model: Model; approve: boolean; open: boolean; busy: boolean; error: unknown;
  onConfirm: (reason: string) => void; onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const bytes = new TextEncoder().encode(reason.trim()).length;
  const tooLong = bytes > MAX_REASON_BYTES;
  const what = `${model.name} v${model.version}`;
  return (
    <dialog ref={ref} className="dialog approval-dialog" data-testid="approval-dialog"
      onCancel={(e) => { e.preventDefault(); if (!busy) onClose(); }}>
      <h3>{approve ? t('deploy.approval.approveTitle', { model: what }) : t('deploy.approval.rejectTitle', { model: what })}</h3>
      <form onSubmit={(e) => { e.preventDefault(); if (!tooLong) onConfirm(reason.trim()); }}>
        <label className={`field${tooLong ? ' invalid' : ''}`}>
          <span>{t('deploy.approval.comment')}</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid="approval-reason" autoFocus
            placeholder={approve ? t('deploy.approval.approvePlaceholder') : t('deploy.approval.rejectPlaceholder')} aria-invalid={tooLong} />
        </label>
        <div className={`small ${tooLong ? 'field-error' : 'muted'}`}>
          {t('deploy.approval.commentHelp', { used: bytes, max: MAX_REASON_BYTES })}
        </div>
        {error != null && <ErrorBox error={error} testId="approval-error" />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>{t('deploy.cancel')}</button>
          <button type="submit" className={`btn ${approve ? 'btn-primary' : 'btn-danger'}`} disabled={busy || tooLong} data-testid="approval-confirm">
            {busy ? t('common.working') : approve ? t('deploy.approval.approve') : t('deploy.approval.reject')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function ApprovalHistory({ history }: { history: NonNullable<RegistryModel['approval_history']> }) {
  return (
    <ol className="approval-history" data-testid="approval-history">
      {[...history].reverse().map((h, i) => (
        <li key={`${h.at}-${i}`} data-testid="approval-history-row" data-status={h.status}>
          <span className={approvalClass(h.status)}>{approvalLabel(h.status)}</span>
          {h.previous_status && <span className="muted">{t('deploy.approval.from', { status: approvalLabel(h.previous_status) })}</span>}
          <span className="muted">{formatDateTime(h.at)}</span>
          {h.reason ? <span className="reason" data-testid="approval-history-reason">“{h.reason}”</span>
            : <span className="muted">{t('deploy.approval.noComment')}</span>}
        </li>
      ))}
    </ol>
  );
}

export function RegistryBar({ model }: { model: Model }) {
  const queryClient = useQueryClient();
  const registry = model as RegistryModel;
  const [dialogOpen, setDialogOpen] = useState(false);
  const [dialogKey, setDialogKey] = useState(0);
  const endpoints = useQuery({ queryKey: ['endpoints'], queryFn: deployApi.listEndpoints, retry: false });
  const [deciding, setDeciding] = useState<{ approve: boolean; key: number } | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const decide = useMutation({
    mutationFn: ({ approve, reason }: { approve: boolean; reason: string }) =>
      (approve ? deployApi.approveModel(model.id, reason || undefined) : deployApi.rejectModel(model.id, reason || undefined)),
    onSuccess: (updated) => {
      queryClient.setQueryData(['model', model.id], (old: Model | undefined) => ({ ...(old ?? {}), ...updated }));
      void queryClient.invalidateQueries({ queryKey: ['models'] });
      setDeciding(null);
    },
  });
  const ask = (approve: boolean) => {
    decide.reset();
    setDeciding({ approve, key: (deciding?.key ?? 0) + 1 });
  };
  const history = registry.approval_history ?? [];
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
      <button className="btn" onClick={() => ask(true)} disabled={decide.isPending || status === 'Approved'} data-testid="approve-button">
        {t('deploy.approval.approve')}…
      </button>
      <button className="btn btn-danger-outline" onClick={() => ask(false)} disabled={decide.isPending || status === 'Rejected'}
        data-testid="reject-button">
        {t('deploy.approval.reject')}…
      </button>
      {history.length > 0 && (
        <button type="button" className="btn btn-small" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}
          data-testid="approval-history-toggle">
          {t('deploy.approval.history', { count: history.length })}
        </button>
      )}
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
      {showHistory && history.length > 0 && <ApprovalHistory history={history} />}
      {deciding && (
        <DecisionDialog key={deciding.key} model={model} approve={deciding.approve} open busy={decide.isPending} error={decide.error}
          onConfirm={(reason) => decide.mutate({ approve: deciding.approve, reason })} onClose={() => setDeciding(null)} />
      )}
      {endpoints.error && <div style={{ flexBasis: '100%' }}><ErrorBox error={endpoints.error} testId="deploy-endpoints-error" /></div>}
      {dialogKey > 0 && (
        <DeployDialog key={dialogKey} model={model} endpoints={endpoints.data?.endpoints ?? []} open={dialogOpen}
          onClose={() => setDialogOpen(false)} />
      )}
    </div>
  );
}
