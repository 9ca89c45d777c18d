// The endpoint's production variants (model version, weight, traffic share, state) and an editor
// that replaces them with PUT /api/v1/endpoints/{name}: pick model versions, set weights, add or
// remove variants. The new variants load first and the switch is atomic (docs/api/deploy.md).
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { deployApi, type Endpoint } from '../../api/deploy';
import type { Model } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t } from '../../i18n';
import {
  hasVariantErrors,
  isTransitional,
  nextVariantName,
  trafficShares,
  validateVariants,
  type VariantDraft,
  type VariantErrors,
} from '../../lib/endpoints';
import { formatPercent } from '../../lib/format';
import { linkHandler } from '../../lib/router';
import { StateBadge } from './StateBadge';

function draftsOf(endpoint: Endpoint): VariantDraft[] {
  return endpoint.variants.map((v) => ({ name: v.name, model_id: v.model_id, weight: String(v.weight) }));
}

// Models grouped by name, newest version first, for the model pickers.
function groupModels(models: Model[]): [string, Model[]][] {
  const groups = new Map<string, Model[]>();
  for (const m of models) {
    const list = groups.get(m.name) ?? [];
    list.push(m);
    groups.set(m.name, list);
  }
  for (const list of groups.values()) list.sort((a, b) => b.version - a.version);
  return [...groups].sort((a, b) => a[0].localeCompare(b[0]));
}

function rowError(errors: VariantErrors, row: number, field: 'name' | 'model_id' | 'weight'): string | null {
  const e = errors.rows[row]?.find((x) => x.field === field);
  return e ? t(e.key, e.params) : null;
}

function VariantEditor({ endpoint, onDone }: { endpoint: Endpoint; onDone: (e: Endpoint) => void }) {
  const [drafts, setDrafts] = useState<VariantDraft[]>(() => draftsOf(endpoint));
  const [submitted, setSubmitted] = useState(false);
  const models = useQuery({ queryKey: ['models'], queryFn: api.listModels });
  const groups = useMemo(() => groupModels(models.data?.models ?? []), [models.data]);
  const errors = validateVariants(drafts);
  const shares = trafficShares(drafts.map((d) => Number(d.weight)));
  const save = useMutation({
    mutationFn: () =>
      deployApi.updateEndpoint(
        endpoint.name,
        drafts.map((d) => ({ name: d.name.trim(), model_id: d.model_id, weight: Number(d.weight) })),
      ),
    onSuccess: onDone,
  });
  const set = (i: number, patch: Partial<VariantDraft>) =>
    setDrafts((cur) => cur.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const known = new Set((models.data?.models ?? []).map((m) => m.id));

  return (
    <form
      className="variant-editor"
      data-testid="variant-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (!hasVariantErrors(errors)) save.mutate();
      }}
    >
      {drafts.map((d, i) => {
        const nameErr = submitted ? rowError(errors, i, 'name') : null;
        const modelErr = submitted ? rowError(errors, i, 'model_id') : null;
        const weightErr = submitted ? rowError(errors, i, 'weight') : null;
        return (
          <div key={i} className="variant-row" data-testid="variant-draft">
            <div className={`param${nameErr ? ' invalid' : ''}`}>
              <label className="param-label" htmlFor={`vname-${i}`}>{t('endpoints.variants.name')}</label>
              <input id={`vname-${i}`} value={d.name} onChange={(e) => set(i, { name: e.target.value })} data-testid="variant-name" />
              {nameErr && <span className="field-error">{nameErr}</span>}
            </div>
            <div className={`param${modelErr ? ' invalid' : ''}`}>
              <label className="param-label" htmlFor={`vmodel-${i}`}>{t('endpoints.variants.model')}</label>
              <select id={`vmodel-${i}`} value={d.model_id} onChange={(e) => set(i, { model_id: e.target.value })} data-testid="variant-model">
                <option value="">{t('endpoints.variants.pickModel')}</option>
                {d.model_id && !known.has(d.model_id) && <option value={d.model_id}>{d.model_id}</option>}
                {groups.map(([name, list]) => (
                  <optgroup key={name} label={name}>
                    {list.map((m) => (
                      <option key={m.id} value={m.id}>{`${m.name} v${m.version}`}</option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {modelErr && <span className="field-error">{modelErr}</span>}
            </div>
            <div className={`param${weightErr ? ' invalid' : ''}`}>
              <label className="param-label" htmlFor={`vweight-${i}`}>
                {t('endpoints.variants.weight')} <span className="muted">{formatPercent(shares[i])}</span>
              </label>
              <input id={`vweight-${i}`} value={d.weight} inputMode="decimal" onChange={(e) => set(i, { weight: e.target.value })} data-testid="variant-weight" />
              {weightErr && <span className="field-error">{weightErr}</span>}
            </div>
            <button type="button" className="icon-btn danger" aria-label={t('endpoints.variants.remove', { name: d.name })}
              title={t('endpoints.variants.remove', { name: d.name })} disabled={drafts.length === 1}
              onClick={() => setDrafts((cur) => cur.filter((_, j) => j !== i))}>×</button>
          </div>
        );
      })}
      {submitted && errors.form && <div className="field-error" role="alert">{t(errors.form.key, errors.form.params)}</div>}
      {models.error && <ErrorBox error={models.error} />}
      {save.error && <ErrorBox error={save.error} testId="variants-error" />}
      <div className="variant-actions">
        <button type="button" className="btn" onClick={() => setDrafts((cur) => [...cur, { name: nextVariantName(cur.map((d) => d.name)), model_id: '', weight: '1' }])}
          data-testid="variant-add">
          {t('endpoints.variants.add')}
        </button>
        <span className="spacer" style={{ flex: 1 }} />
        <button type="button" className="btn" onClick={() => onDone(endpoint)} disabled={save.isPending}>{t('deploy.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="variants-save">
          {save.isPending ? t('endpoints.variants.saving') : t('endpoints.variants.save')}
        </button>
      </div>
      <p className="muted small">{t('endpoints.variants.note')}</p>
    </form>
  );
}

export function VariantsPanel({ endpoint, onUpdated }: { endpoint: Endpoint; onUpdated: (e: Endpoint) => void }) {
  const [editing, setEditing] = useState(false);
  const shares = trafficShares(endpoint.variants.map((v) => v.weight));
  return (
    <section className="panel ep-section" data-testid="variants-panel">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('endpoints.variants.title')}</h3>
        {!editing && (
          <button className="btn" onClick={() => setEditing(true)} disabled={isTransitional(endpoint.state)} data-testid="variants-edit">
            {t('endpoints.variants.edit')}
          </button>
        )}
      </div>
      <table className="table compact" data-testid="variants-table">
        <thead>
          <tr>
            <th>{t('endpoints.variants.name')}</th>
            <th>{t('endpoints.variants.model')}</th>
            <th className="num">{t('endpoints.variants.weight')}</th>
            <th>{t('endpoints.variants.traffic')}</th>
            <th>{t('endpoints.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {endpoint.variants.map((v, i) => (
            <tr key={v.name} data-testid="variant-row" data-variant={v.name}>
              <td><strong>{v.name}</strong></td>
              <td>
                <a href={`/models/${encodeURIComponent(v.model_id)}`} onClick={linkHandler(`/models/${encodeURIComponent(v.model_id)}`)}>
                  {v.model_name ?? v.model_id}{v.model_version != null ? ` v${v.model_version}` : ''}
                </a>
              </td>
              <td className="num">{formatNumber(v.weight)}</td>
              <td>
                <span className="share-bar" aria-hidden="true"><span style={{ width: `${(shares[i] * 100).toFixed(1)}%` }} /></span>
                {formatPercent(shares[i])}
              </td>
              <td>{v.state ? <StateBadge state={v.state} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <VariantEditor
          endpoint={endpoint}
          onDone={(e) => {
            setEditing(false);
            if (e !== endpoint) onUpdated(e);
          }}
        />
      )}
    </section>
  );
}
