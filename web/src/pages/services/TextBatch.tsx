// Text analytics in batch (/ai-services/text/batch): documents pasted one per line or read from a
// .txt (one per line) or .csv / .tsv file (pick the text column), the chosen analyses run through
// Comprehend's Batch* operations 25 documents at a time (PII one document at a time: Comprehend
// has no batch form), then a table with one row per document (sentiment coloured, entity / PII
// counts, errors in place; a row expands to its highlighted entities, PII and key phrases) and
// CSV / JSON downloads. The logic is lib/textBatch.ts; the calls are api/comprehend.ts.
import { Fragment, useMemo, useRef, useState } from 'react';
import { comprehend } from '../../api/comprehend';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t, tn, tOr } from '../../i18n';
import { formatCount } from '../../lib/format';
import {
  BATCH_ANALYSES, BATCH_SIZE, csvTable, documentsFromLines, guessTextColumn, isTableFile, plannedRequests,
  resultsToCsv, resultsToJson, runBatch, topLanguage, typeCounts,
  type BatchAnalysis, type BatchProgress, type CsvTable, type DocumentRow, type Entity,
} from '../../lib/textBatch';
import type { Span } from '../../lib/services';
import { FileDrop, Highlighted, ScoreBars } from './components';

const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt'];
const DEFAULT_ANALYSES: BatchAnalysis[] = ['language', 'sentiment', 'entities', 'keyPhrases', 'pii'];
const PREVIEW_CHARS = 140;

type Source = 'paste' | 'file';
interface Loaded { file: File; table: CsvTable | null; lines: string[] }

const typeLabel = (ty: string) => tOr(`services.text.type.${ty}`, ty.replace(/_/g, ' '));
const spans = (items: Entity[] | undefined, fixed?: string): Span[] =>
  (items ?? []).map((e) => ({ begin: e.BeginOffset, end: e.EndOffset, type: fixed ?? e.Type ?? '', score: e.Score }));

function download(name: string, type: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function SentimentPill({ value }: { value?: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className={`sentiment-pill s-${value.toLowerCase()}`} data-testid="batch-sentiment" data-sentiment={value}>
      {tOr(`services.text.sentiment.${value}`, value)}
    </span>
  );
}

function Details({ row, analyses }: { row: DocumentRow; analyses: BatchAnalysis[] }) {
  const r = row.results;
  return (
    <div className="batch-details" data-testid="batch-details">
      {row.errors.map((e, i) => (
        <p key={i} className="field-error">{t(`services.batch.analysis.${e.analysis}`)}: {e.code}: {e.message}</p>
      ))}
      {analyses.includes('sentiment') && r.sentiment && (
        <ScoreBars testId="batch-detail-sentiment" top={t(`services.text.sentiment.${r.sentiment.Sentiment}`)}
          rows={(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const).map((k) => ({
            label: t(`services.text.sentiment.${k}`),
            value: r.sentiment!.SentimentScore[(k.charAt(0) + k.slice(1).toLowerCase()) as 'Positive'] ?? 0,
          }))} />
      )}
      {analyses.includes('entities') && r.entities && (
        <div><h4>{t('services.text.tab.entities')}</h4>
          {r.entities.length === 0 ? <p className="muted small">{t('services.text.noEntities')}</p>
            : <Highlighted text={row.text} testId="batch-entities" label={typeLabel} spans={spans(r.entities)} />}
        </div>
      )}
      {analyses.includes('pii') && r.pii && (
        <div><h4>{t('services.text.tab.pii')}</h4>
          {r.pii.length === 0 ? <p className="muted small">{t('services.text.noPii')}</p>
            : <Highlighted text={row.text} testId="batch-pii" label={typeLabel} spans={spans(r.pii)} />}
        </div>
      )}
      {analyses.includes('keyPhrases') && r.keyPhrases && r.keyPhrases.length > 0 && (
        <div><h4>{t('services.text.tab.keyPhrases')}</h4>
          <Highlighted text={row.text} testId="batch-phrases" label={() => t('services.text.keyPhrase')} spans={spans(r.keyPhrases, 'KEY_PHRASE')} />
        </div>
      )}
      {analyses.includes('syntax') && r.syntax && (
        <div><h4>{t('services.text.tab.syntax')}</h4>
          <ol className="svc-tokens">
            {r.syntax.map((tok) => (
              <li key={tok.TokenId}><span className="svc-token-text">{tok.Text}</span>
                <span className={`svc-token-tag pos-${tok.PartOfSpeech.Tag}`}>{tok.PartOfSpeech.Tag}</span></li>
            ))}
          </ol>
        </div>
      )}
      {analyses.includes('language') && r.language && r.language.length > 0 && (
        <p className="small muted">{t('services.text.dominant')}: {r.language.map((l) =>
          `${tOr(`services.lang.${l.LanguageCode}`, l.LanguageCode)} ${formatNumber(l.Score, { style: 'percent', maximumFractionDigits: 0 })}`).join(', ')}</p>
      )}
    </div>
  );
}

export function BatchResults({ rows, analyses, language }: { rows: DocumentRow[]; analyses: BatchAnalysis[]; language: string }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (i: number) => setOpen((cur) => {
    const next = new Set(cur);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    return next;
  });
  const has = (a: BatchAnalysis) => analyses.includes(a);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const r of rows) if (r.results.sentiment) c.set(r.results.sentiment.Sentiment, (c.get(r.results.sentiment.Sentiment) ?? 0) + 1);
    return c;
  }, [rows]);
  const failed = rows.filter((r) => r.errors.length > 0).length;
  const columns = 3 + (has('language') ? 1 : 0) + (has('sentiment') ? 1 : 0) + (has('entities') ? 1 : 0)
    + (has('keyPhrases') ? 1 : 0) + (has('pii') ? 1 : 0) + (has('syntax') ? 1 : 0);

  return (
    <section className="panel" data-testid="batch-results">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('services.batch.results')}</h3>
        <div className="header-actions">
          <button type="button" className="btn" data-testid="batch-download-csv"
            onClick={() => download('text-analysis.csv', 'text/csv', resultsToCsv(rows, analyses))}>
            {t('services.batch.downloadCsv')}
          </button>
          <button type="button" className="btn" data-testid="batch-download-json"
            onClick={() => download('text-analysis.json', 'application/json', resultsToJson(rows, analyses, language))}>
            {t('services.batch.downloadJson')}
          </button>
        </div>
      </div>
      <p className="batch-summary small" data-testid="batch-summary">
        {tn('services.batch.documents', rows.length)}
        {(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const).filter((k) => counts.get(k)).map((k) => (
          <span key={k} className={`sentiment-pill s-${k.toLowerCase()}`}>{tOr(`services.text.sentiment.${k}`, k)} {formatCount(counts.get(k) ?? 0)}</span>
        ))}
        {failed > 0 && <span className="warn-text" data-testid="batch-failed-count">{tn('services.batch.withErrors', failed)}</span>}
      </p>
      <div className="table-wrap">
        <table className="table compact batch-table" data-testid="batch-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t('services.batch.document')}</th>
              {has('language') && <th>{t('services.batch.col.language')}</th>}
              {has('sentiment') && <th>{t('services.text.sentiment')}</th>}
              {has('entities') && <th className="num">{t('services.text.tab.entities')}</th>}
              {has('keyPhrases') && <th className="num">{t('services.text.tab.keyPhrases')}</th>}
              {has('pii') && <th className="num">{t('services.text.tab.pii')}</th>}
              {has('syntax') && <th className="num">{t('services.batch.col.tokens')}</th>}
              <th>{t('services.batch.col.errors')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const r = row.results;
              const expanded = open.has(row.index);
              const countCell = (items: unknown[] | undefined, title?: string) => (
                <td className="num" title={title}>{items ? formatCount(items.length) : '—'}</td>
              );
              return (
                <Fragment key={row.index}>
                  <tr className={`clickable${row.errors.length ? ' batch-error-row' : ''}`} data-testid="batch-row"
                    data-index={row.index} data-error={row.errors.length > 0 ? 'true' : 'false'}
                    onClick={() => toggle(row.index)}>
                    <td className="num muted">
                      <button type="button" className="link-button batch-expand" aria-expanded={expanded}
                        aria-label={t('services.batch.expand', { n: row.index + 1 })} data-testid="batch-expand"
                        onClick={(e) => { e.stopPropagation(); toggle(row.index); }}>
                        {expanded ? '▾' : '▸'} {formatCount(row.index + 1)}
                      </button>
                    </td>
                    <td className="batch-text" title={row.text}>
                      {row.text === '' ? <em className="muted">{t('services.batch.emptyDocument')}</em>
                        : row.text.length > PREVIEW_CHARS ? `${row.text.slice(0, PREVIEW_CHARS)}…` : row.text}
                    </td>
                    {has('language') && <td>{topLanguage(row) || '—'}</td>}
                    {has('sentiment') && <td><SentimentPill value={r.sentiment?.Sentiment} /></td>}
                    {has('entities') && countCell(r.entities, typeCounts(r.entities).map(([k, n]) => `${typeLabel(k)} ${n}`).join(', '))}
                    {has('keyPhrases') && countCell(r.keyPhrases)}
                    {has('pii') && countCell(r.pii, typeCounts(r.pii).map(([k, n]) => `${typeLabel(k)} ${n}`).join(', '))}
                    {has('syntax') && countCell(r.syntax)}
                    <td className="batch-errors" data-testid={row.errors.length ? 'batch-row-error' : undefined}>
                      {row.errors.map((e, i) => (
                        <div key={i} className="field-error">{t(`services.batch.analysis.${e.analysis}`)}: {e.message}</div>
                      ))}
                    </td>
                  </tr>
                  {expanded && (
                    <tr className="batch-detail-row">
                      <td colSpan={columns}><Details row={row} analyses={analyses} /></td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function TextBatch() {
  const [source, setSource] = useState<Source>('paste');
  const [pasted, setPasted] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [column, setColumn] = useState(0);
  const [language, setLanguage] = useState('en');
  const [analyses, setAnalyses] = useState<BatchAnalysis[]>(DEFAULT_ANALYSES);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [result, setResult] = useState<{ rows: DocumentRow[]; analyses: BatchAnalysis[]; language: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  const documents = useMemo(() => {
    if (source === 'paste') return documentsFromLines(pasted);
    if (!loaded) return [];
    if (loaded.table) return loaded.table.rows.map((r) => r[column] ?? '');
    return loaded.lines;
  }, [source, pasted, loaded, column]);

  const readFile = async (file: File) => {
    setFileError(null);
    try {
      const text = await file.text();
      if (isTableFile(file.name)) {
        const table = csvTable(text);
        if (table.columns.length === 0) throw new Error(t('services.batch.noHeader', { file: file.name }));
        setLoaded({ file, table, lines: [] });
        setColumn(Math.max(0, guessTextColumn(table)));
      } else {
        setLoaded({ file, table: null, lines: documentsFromLines(text) });
      }
    } catch (e) {
      setLoaded(null);
      setFileError((e as Error).message);
    }
  };

  const toggleAnalysis = (a: BatchAnalysis) =>
    setAnalyses((cur) => (cur.includes(a) ? cur.filter((x) => x !== a) : BATCH_ANALYSES.filter((x) => x === a || cur.includes(x))));

  const run = async () => {
    if (documents.length === 0 || analyses.length === 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setError(null);
    const chosen = [...analyses];
    try {
      const rows = await runBatch(documents, chosen, {
        language,
        call: (op, input) => comprehend(op, input),
        signal: controller.signal,
        onProgress: (p, partial) => {
          setProgress(p);
          setResult({ rows: partial.map((r) => ({ ...r, errors: [...r.errors] })), analyses: chosen, language });
        },
      });
      setResult({ rows, analyses: chosen, language });
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  const requests = plannedRequests(documents.length, analyses);
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : 0;

  return (
    <>
      <section className="panel" data-testid="batch-form">
        <div className="svc-toolbar">
          <div className="segmented" role="group" aria-label={t('services.batch.source')}>
            {(['paste', 'file'] as const).map((s) => (
              <button key={s} type="button" className={source === s ? 'on' : ''} aria-pressed={source === s}
                data-testid={`batch-source-${s}`} onClick={() => setSource(s)}>
                {t(`services.batch.source.${s}`)}
              </button>
            ))}
          </div>
          <label className="field">
            <span>{t('services.text.language')}</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="batch-language">
              {LANGUAGES.map((l) => <option key={l} value={l}>{tOr(`services.lang.${l}`, l)} ({l})</option>)}
            </select>
          </label>
        </div>

        {source === 'paste' ? (
          <>
            <label className="visually-hidden" htmlFor="batch-input">{t('services.batch.pasteLabel')}</label>
            <textarea id="batch-input" className="svc-textarea" rows={7} value={pasted} data-testid="batch-input"
              placeholder={t('services.batch.pastePlaceholder')} onChange={(e) => setPasted(e.target.value)} />
          </>
        ) : (
          <>
            <FileDrop accept=".txt,.csv,.tsv,text/plain,text/csv" file={loaded?.file ?? null} onFile={(f) => void readFile(f)}
              hint={t('services.batch.fileHint')} />
            {fileError && <ErrorBox error={new Error(fileError)} testId="batch-file-error" />}
            {loaded && (
              <div className="batch-file-info" data-testid="batch-file-info">
                {loaded.table ? (
                  <label className="field inline">
                    <span>{t('services.batch.textColumn')}</span>
                    <select value={column} onChange={(e) => setColumn(Number(e.target.value))} data-testid="batch-column">
                      {loaded.table.columns.map((c, i) => <option key={i} value={i}>{c}</option>)}
                    </select>
                  </label>
                ) : <span className="muted small">{t('services.batch.linesFile')}</span>}
                {loaded.table && documents.length > 0 && (
                  <span className="muted small batch-first">{t('services.batch.first', { text: documents[0].slice(0, 80) })}</span>
                )}
              </div>
            )}
          </>
        )}

        <fieldset className="batch-analyses">
          <legend className="small muted">{t('services.batch.analyses')}</legend>
          {BATCH_ANALYSES.map((a) => (
            <label key={a} className="check">
              <input type="checkbox" checked={analyses.includes(a)} onChange={() => toggleAnalysis(a)} data-testid={`batch-analysis-${a}`} />
              {t(`services.batch.analysis.${a}`)}
            </label>
          ))}
        </fieldset>
        <div className="send-row">
          <button type="button" className="btn btn-primary" data-testid="batch-run" disabled={running || documents.length === 0 || analyses.length === 0}
            onClick={() => void run()}>
            {t('services.batch.run')}
          </button>
          {running && (
            <button type="button" className="btn" data-testid="batch-stop" onClick={() => abort.current?.abort()}>{t('services.batch.stop')}</button>
          )}
          <span className="muted small" data-testid="batch-count">
            {documents.length > 0
              ? t('services.batch.plan', { documents: tn('services.batch.documents', documents.length), requests: tn('services.batch.requests', requests), size: BATCH_SIZE })
              : t('services.batch.none')}
          </span>
        </div>
        {progress && (running || fraction < 1) && (
          <div className="progress" data-testid="batch-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}>
            <div className="progress-bar" style={{ width: `${Math.round(fraction * 100)}%` }} />
            <span className="progress-label">{t('services.batch.progress', { done: formatCount(progress.done), total: formatCount(progress.total) })}</span>
          </div>
        )}
        {error != null && <ErrorBox error={error} testId="batch-error" />}
      </section>
      {result && !running && <BatchResults rows={result.rows} analyses={result.analyses} language={result.language} />}
    </>
  );
}
