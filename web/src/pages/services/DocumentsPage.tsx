// Documents (Textract-compatible, Tesseract + poppler): upload an image or a PDF (drag and drop),
// see the page with word, line and table-cell boxes drawn over it (layers toggle), the words,
// tables as HTML tables, key-value pairs, and download the full answer as JSON. PDF and TIFF pages
// cannot be drawn by the browser, so they are shown as a blank page of the right shape with the
// recognised words at their places.
import { useEffect, useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { servicesApi, type DocumentAnalysis } from '../../api/services';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t } from '../../i18n';
import { pageBoxes, type BoxLayer } from '../../lib/services';
import { FileDrop, PageHeader } from './components';

const LAYERS: BoxLayer[] = ['word', 'line', 'cell'];

function PageView({ doc, page, imageUrl, layers }: { doc: DocumentAnalysis; page: number; imageUrl: string | null; layers: BoxLayer[] }) {
  const view = doc.pages[page - 1];
  const boxes = pageBoxes(doc.blocks, page, layers);
  const words = imageUrl ? [] : pageBoxes(doc.blocks, page, ['word']);
  const aspect = view && view.width > 0 ? view.height / view.width : 1.294;
  return (
    <div className="svc-stage" data-testid="doc-page" data-page={page}>
      {imageUrl
        ? <img src={imageUrl} alt={t('services.documents.pageAlt', { page })} className="svc-stage-img" />
        : <div className="svc-blank-page" style={{ paddingTop: `${aspect * 100}%` }} aria-hidden="true" />}
      <svg className="svc-overlay" viewBox="0 0 1 1" preserveAspectRatio="none" data-testid="doc-overlay" role="img"
        aria-label={t('services.documents.boxes', { count: boxes.length })}>
        {words.map((w) => (
          <text key={`t-${w.id}`} x={w.left} y={w.top + w.height * 0.8} fontSize={w.height * 0.8}
            textLength={w.width} lengthAdjust="spacingAndGlyphs" className="svc-page-text">{w.text}</text>
        ))}
        {boxes.map((b) => (
          <rect key={b.id} x={b.left} y={b.top} width={b.width} height={b.height} className={`svc-box box-${b.layer}`}
            vectorEffect="non-scaling-stroke" data-testid={`doc-box-${b.layer}`} data-text={b.text}>
            <title>{b.text}{b.confidence != null ? ` · ${formatNumber(b.confidence, { maximumFractionDigits: 1 })}%` : ''}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

export default function DocumentsPage() {
  const [file, setFile] = useState<File | null>(null);
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [layers, setLayers] = useState<BoxLayer[]>(['word', 'cell']);
  const [page, setPage] = useState(1);
  const analyze = useMutation({ mutationFn: (f: File) => servicesApi.analyzeDocument(f) });
  useEffect(() => () => { if (imageUrl) URL.revokeObjectURL(imageUrl); }, [imageUrl]);

  const choose = (f: File) => {
    setFile(f);
    setPage(1);
    // Browsers draw PNG and JPEG; PDF and TIFF pages are reconstructed from the words.
    setImageUrl(/^image\/(png|jpeg|gif|webp)$/.test(f.type) ? URL.createObjectURL(f) : null);
    analyze.mutate(f);
  };
  const doc = analyze.data;
  const view = doc?.pages[page - 1];
  const words = useMemo(() => (doc ? pageBoxes(doc.blocks, page, ['word']) : []), [doc, page]);
  const download = () => {
    if (!doc) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${(file?.name ?? 'document').replace(/\.[^.]*$/, '')}.textract.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="page" data-testid="documents-page">
      <PageHeader title={t('services.documents.title')} subtitle={t('services.documents.subtitle')}>
        {doc && <button type="button" className="btn" onClick={download} data-testid="doc-download">{t('services.documents.download')}</button>}
      </PageHeader>
      <section className="panel">
        <FileDrop accept="image/png,image/jpeg,image/tiff,application/pdf,.pdf,.tif,.tiff" file={file} onFile={choose}
          hint={t('services.documents.hint')} disabled={analyze.isPending} />
        {analyze.isPending && <p className="muted" data-testid="doc-loading">{t('services.documents.reading')}</p>}
        {analyze.error && <ErrorBox error={analyze.error} testId="doc-error" />}
      </section>
      {doc && (
        <div className="svc-doc-layout">
          <section className="panel">
            <div className="panel-title-row">
              <div className="checks" role="group" aria-label={t('services.documents.layers')}>
                {LAYERS.map((l) => (
                  <label key={l} className="check">
                    <input type="checkbox" checked={layers.includes(l)} data-testid={`doc-layer-${l}`}
                      onChange={(e) => setLayers((cur) => e.target.checked ? [...cur, l] : cur.filter((x) => x !== l))} />
                    <span className={`svc-swatch box-${l}`} aria-hidden="true" />{t(`services.documents.layer.${l}`)}
                  </label>
                ))}
              </div>
              {doc.pages.length > 1 && (
                <label className="field inline">
                  <span>{t('services.documents.page')}</span>
                  <select value={page} onChange={(e) => setPage(Number(e.target.value))} data-testid="doc-page-select">
                    {doc.pages.map((p) => <option key={p.page} value={p.page}>{p.page}</option>)}
                  </select>
                </label>
              )}
            </div>
            {view && <p className="muted small">{t(view.text_source === 'text_layer' ? 'services.documents.fromTextLayer' : 'services.documents.fromOcr',
              { width: view.width, height: view.height })}</p>}
            <PageView doc={doc} page={page} imageUrl={page === 1 ? imageUrl : null} layers={layers} />
          </section>
          <div>
            <section className="panel" data-testid="doc-words">
              <h3 className="panel-title">{t('services.documents.words', { count: words.length })}</h3>
              {words.length === 0
                ? <p className="muted" data-testid="doc-no-words">{t('services.documents.noWords')}</p>
                : (
                  <ul className="svc-word-list">
                    {words.map((w) => <li key={w.id} data-testid="doc-word" title={w.confidence != null ? `${formatNumber(w.confidence, { maximumFractionDigits: 1 })}%` : undefined}>{w.text}</li>)}
                  </ul>
                )}
            </section>
            {view && view.key_values.length > 0 && (
              <section className="panel" data-testid="doc-key-values">
                <h3 className="panel-title">{t('services.documents.keyValues')}</h3>
                <dl className="svc-kv">
                  {view.key_values.map((kv, i) => (
                    <div key={i} data-testid="doc-kv"><dt>{kv.key}</dt><dd>{kv.value || <span className="muted">—</span>}</dd></div>
                  ))}
                </dl>
              </section>
            )}
            {view && view.tables.map((table, i) => (
              <section className="panel" key={i} data-testid="doc-table">
                <h3 className="panel-title">{t('services.documents.table', { n: i + 1 })}</h3>
                <div className="table-wrap">
                  <table className="table compact svc-doc-table">
                    <tbody>
                      {table.rows.map((row, r) => (
                        <tr key={r}>{row.map((cell, c) => <td key={c}>{cell}</td>)}</tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
            {view && view.tables.length === 0 && view.key_values.length === 0 && (
              <p className="muted small">{t('services.documents.noTables')}</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
