// The endpoint playground: a form generated from the model's input columns, or raw CSV / JSON /
// JSON Lines text with a content-type picker; Send posts to /endpoints/{name}/invocations exactly
// as SageMaker Runtime's InvokeEndpoint. The answer is shown as class-probability bars with the
// predicted label highlighted (or the value, for regression), plus the raw body and its headers;
// errors are shown in place. Below it, snippets that send the same row.
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { deployApi, type Endpoint, type InvokeResult } from '../../api/deploy';
import type { Model } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { SchemaForm } from '../../components/SchemaForm';
import { formatNumber, t } from '../../i18n';
import {
  ACCEPT_TYPES,
  CONTENT_TYPES,
  invocationError,
  parsePredictions,
  playgroundRow,
  playgroundSchema,
  requestBody,
  type ContentType,
  type ParsedPrediction,
} from '../../lib/endpoints';
import { defaultWhatIf } from '../../lib/model';
import { Snippets } from './Snippets';

const MAX_SHOWN = 20;

function PredictionView({ p, index, many }: { p: ParsedPrediction; index: number; many: boolean }) {
  if (p.kind === 'value') {
    return (
      <li data-testid="play-prediction">
        {many && <span className="muted small">{t('deploy.play.row', { n: index + 1 })} </span>}
        <span className="prediction-value" data-testid="play-value">{formatNumber(p.value, { maximumSignificantDigits: 6 })}</span>
      </li>
    );
  }
  return (
    <li data-testid="play-prediction">
      <div className="prediction-head">
        {many && <span className="muted small">{t('deploy.play.row', { n: index + 1 })} · </span>}
        {t('deploy.play.predicted')} <strong data-testid="play-label">{p.label}</strong>
      </div>
      {p.probabilities.length > 0 && (
        <ul className="prob-bars" aria-label={t('deploy.play.probabilities')}>
          {p.probabilities.map((x) => (
            <li key={x.label} className={x.label === p.label ? 'top' : ''} data-testid="play-prob-bar" data-label={x.label}
              data-probability={x.probability}>
              <span className="prob-label">{x.label}</span>
              <span className="prob-track"><span className="prob-fill" style={{ width: `${(x.probability * 100).toFixed(1)}%` }} /></span>
              <span className="prob-value">{formatNumber(x.probability, { style: 'percent', maximumFractionDigits: 1 })}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function ResponseView({ result, model }: { result: InvokeResult; model: Model | undefined }) {
  const predictions = result.ok ? parsePredictions(result.contentType, result.body, model?.classes) : null;
  const err = result.ok ? null : invocationError(result.status, result.errorType, result.body);
  let pretty = result.body;
  if (result.contentType.includes('json') && !result.contentType.includes('jsonlines')) {
    try {
      pretty = JSON.stringify(JSON.parse(result.body), null, 2);
    } catch {
      // shown as it came
    }
  }
  return (
    <div className="response" data-testid="play-result" data-status={result.status}>
      <div className="response-meta">
        <span className={`status-code${result.ok ? '' : ' bad'}`} data-testid="play-status">{result.status}</span>
        <span>{t('deploy.play.millis', { ms: formatNumber(result.millis, { maximumFractionDigits: 1 }) })}</span>
        {result.variant && (
          <span>{t('deploy.play.variant')} <strong data-testid="play-variant">{result.variant}</strong></span>
        )}
        {result.contentType && <code>{result.contentType}</code>}
      </div>
      {err && (
        <div className="error-box" role="alert" data-testid="play-error">
          <div className="error-title">{err.code} · HTTP {err.status}</div>
          <div className="error-message">{err.message}</div>
          {err.original && <div className="error-where">{err.original}</div>}
        </div>
      )}
      {predictions && (
        <ul className="prediction-list">
          {predictions.slice(0, MAX_SHOWN).map((p, i) => (
            <PredictionView key={i} p={p} index={i} many={predictions.length > 1} />
          ))}
          {predictions.length > MAX_SHOWN && (
            <li className="muted small">{t('deploy.play.more', { n: predictions.length - MAX_SHOWN })}</li>
          )}
        </ul>
      )}
      {result.ok && !predictions && <p className="muted small">{t('deploy.play.unparsed')}</p>}
      <details className="raw-response" open={!result.ok}>
        <summary>{t('deploy.play.raw')}</summary>
        <pre data-testid="play-raw">{pretty || t('deploy.play.emptyBody')}</pre>
        <table className="table compact header-table" data-testid="play-headers">
          <tbody>
            {result.headers.map(([k, v]) => (
              <tr key={k} className={k === 'x-amzn-invoked-production-variant' || k === 'x-amzn-errortype' ? 'highlight' : ''}>
                <td>{k}</td>
                <td><code>{v}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function PlaygroundBody({ endpoint, model, target }: { endpoint: Endpoint; model: Model; target: string }) {
  const schema = useMemo(() => playgroundSchema(model), [model]);
  const columns = useMemo(() => schema.map((c) => c.name), [schema]);
  const [mode, setMode] = useState<'form' | 'raw'>('form');
  const [contentType, setContentType] = useState<ContentType>('text/csv');
  const [accept, setAccept] = useState<ContentType>('application/json');
  const [values, setValues] = useState<Record<string, string>>(() => defaultWhatIf(schema));
  const [raw, setRaw] = useState<string | null>(null); // null: follows the form
  const [showErrors, setShowErrors] = useState(false);
  const invoke = useMutation({
    mutationFn: (body: string) =>
      deployApi.invoke(endpoint.name, { contentType, accept, body, targetVariant: target || undefined }),
  });

  const parsed = playgroundRow(schema, values);
  const formBody = parsed.ok
    ? requestBody(contentType, columns, parsed.row)
    : requestBody(contentType, columns, Object.fromEntries(columns.map((c) => [c, values[c] ?? null])));
  const body = mode === 'raw' ? (raw ?? formBody) : formBody;
  const fieldErrors = !parsed.ok && showErrors
    ? Object.fromEntries(Object.entries(parsed.errors).map(([c, e]) => [c, t(e.key, e.params)]))
    : {};

  const send = () => {
    if (mode === 'form' && !parsed.ok) {
      setShowErrors(true);
      return;
    }
    setShowErrors(false);
    invoke.mutate(body);
  };

  return (
    <>
      <section className="panel ep-section" data-testid="playground">
        <div className="panel-title-row">
          <h3 className="panel-title">{t('deploy.play.title')}</h3>
          <div className="segmented" role="group" aria-label={t('deploy.play.input')}>
            <button type="button" aria-pressed={mode === 'form'} className={mode === 'form' ? 'on' : ''}
              onClick={() => setMode('form')} data-testid="play-mode-form">{t('deploy.play.form')}</button>
            <button type="button" aria-pressed={mode === 'raw'} className={mode === 'raw' ? 'on' : ''}
              onClick={() => setMode('raw')} data-testid="play-mode-raw">{t('deploy.play.rawText')}</button>
          </div>
        </div>
        <p className="muted small">
          {t('deploy.play.intro', { model: `${model.name} v${model.version}`, target: model.target ?? '?' })}
        </p>
        <form onSubmit={(e) => { e.preventDefault(); send(); }}>
          <div className="playground-toolbar">
            <label className="field">
              <span>{t('deploy.play.contentType')}</span>
              <select value={contentType} data-testid="play-content-type" onChange={(e) => {
                setContentType(e.target.value as ContentType);
                setRaw(null); // the text follows the form again, in the new format
              }}>
                {CONTENT_TYPES.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
            <label className="field">
              <span>{t('deploy.play.accept')}</span>
              <select value={accept} onChange={(e) => setAccept(e.target.value as ContentType)} data-testid="play-accept">
                {ACCEPT_TYPES.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
          </div>
          {mode === 'form' ? (
            <>
              {schema.length === 0 && <p className="muted">{t('deploy.play.noSchema')}</p>}
              <SchemaForm schema={schema} values={values} errors={fieldErrors} idPrefix="play"
                testId="play-field" onChange={(c, v) => setValues((cur) => ({ ...cur, [c]: v }))} />
              <p className="body-preview">
                {t('deploy.play.bodyPreview')}
                <code data-testid="play-body-preview">{formBody}</code>
              </p>
            </>
          ) : (
            <>
              <label className="ep-hidden-label" htmlFor="play-raw-body">{t('deploy.play.rawLabel')}</label>
              <textarea id="play-raw-body" className="raw-body" value={body} spellCheck={false} data-testid="play-raw-body"
                onChange={(e) => setRaw(e.target.value)}
                onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); } }} />
              <p className="muted small">{t(`deploy.play.rawHelp.${contentType}`)}</p>
            </>
          )}
          <div className="send-row">
            <button type="submit" className="btn btn-primary" disabled={invoke.isPending || endpoint.state !== 'InService' && endpoint.state !== 'Updating'}
              data-testid="play-send">
              {invoke.isPending ? t('deploy.play.sending') : t('deploy.play.send')}
            </button>
            {endpoint.state !== 'InService' && endpoint.state !== 'Updating' && (
              <span className="muted small">{t('deploy.play.notReady', { state: endpoint.state })}</span>
            )}
            {mode === 'raw' && raw !== null && (
              <button type="button" className="link-button" onClick={() => setRaw(null)}>{t('deploy.play.resetRaw')}</button>
            )}
          </div>
        </form>
        {invoke.error && <ErrorBox error={invoke.error} testId="play-network-error" />}
        {invoke.data && <ResponseView result={invoke.data} model={model} />}
      </section>
      <Snippets input={{ origin: window.location.origin, endpoint: endpoint.name, contentType, body, targetVariant: target || undefined }} />
    </>
  );
}

export function Playground({ endpoint }: { endpoint: Endpoint }) {
  const [target, setTarget] = useState('');
  const variant = endpoint.variants.find((v) => v.name === target) ?? endpoint.variants[0];
  const modelId = variant?.model_id;
  const model = useQuery({
    queryKey: ['model', modelId],
    queryFn: () => api.getModel(modelId!),
    enabled: !!modelId,
    staleTime: Infinity,
  });
  return (
    <>
      {endpoint.variants.length > 1 && (
        <div className="panel ep-section">
          <label className="field inline">
            <span>{t('deploy.play.target')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="play-target">
              <option value="">{t('deploy.play.byWeight')}</option>
              {endpoint.variants.map((v) => <option key={v.name} value={v.name}>{v.name}</option>)}
            </select>
          </label>
        </div>
      )}
      {!variant && <div className="panel muted pad">{t('deploy.play.noVariants')}</div>}
      {model.isPending && variant && <div className="panel muted pad">{t('common.loading')}</div>}
      {model.error && <ErrorBox error={model.error} testId="play-model-error" />}
      {model.data && <PlaygroundBody key={model.data.id} endpoint={endpoint} model={model.data} target={target} />}
    </>
  );
}
