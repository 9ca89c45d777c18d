// Drag-and-drop (or click-to-choose) dataset upload with a name field and a progress bar.
import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { datasetNameFor, uploadDataset, type UploadHandle } from '../../api/upload';
import type { Dataset } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { t, tn } from '../../i18n';
import { formatBytes, formatCount } from '../../lib/format';
import { linkHandler } from '../../lib/router';

const ACCEPT = '.csv,.tsv,.txt,.jsonl,.ndjson,.json,text/csv,application/x-ndjson';

type State =
  | { kind: 'idle' }
  | { kind: 'uploading'; progress: number }
  | { kind: 'done'; dataset: Dataset }
  | { kind: 'failed'; error: unknown };

export function UploadPanel() {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const handle = useRef<UploadHandle | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [dragging, setDragging] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const uploading = state.kind === 'uploading';
  // Shares the list's query: tells whether this name makes a new version.
  const { data: list } = useQuery({ queryKey: ['datasets'], queryFn: api.listDatasets });
  const latest = list?.datasets
    .filter((d) => d.name === name.trim())
    .reduce((max, d) => Math.max(max, d.version), 0);

  function choose(f: File | undefined) {
    if (!f || uploading) return;
    setFile(f);
    setName(datasetNameFor(f.name));
    setState({ kind: 'idle' });
  }

  async function start() {
    if (!file || !name.trim()) return;
    setState({ kind: 'uploading', progress: 0 });
    const h = uploadDataset(file, name.trim(), (p) => setState({ kind: 'uploading', progress: p }));
    handle.current = h;
    try {
      const dataset = await h.promise;
      setState({ kind: 'done', dataset });
      setFile(null);
      setName('');
      if (input.current) input.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['datasets'] });
    } catch (error) {
      setState({ kind: 'failed', error });
    } finally {
      handle.current = null;
    }
  }

  return (
    <section className="panel upload-panel" aria-label={t('datasets.upload.label')}>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}${file ? ' has-file' : ''}`}
        data-testid="dropzone"
        role="button"
        tabIndex={0}
        onClick={() => !uploading && input.current?.click()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') input.current?.click();
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer.files[0]);
        }}
      >
        <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor"
          strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M12 16V4m0 0l-4 4m4-4l4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
        </svg>
        {file ? (
          <div>
            <strong data-testid="chosen-file">{file.name}</strong>
            <span className="muted"> · {formatBytes(file.size)} · {t('datasets.upload.chooseAnother')}</span>
          </div>
        ) : (
          <div>
            <strong>{t('datasets.upload.drop')}</strong>
            <span className="muted">{t('datasets.upload.orClick')}</span>
          </div>
        )}
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          data-testid="file-input"
          onChange={(e) => choose(e.target.files?.[0])}
        />
      </div>

      <form
        className="upload-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label className="field">
          <span>{t('datasets.upload.name')}</span>
          <input
            type="text"
            value={name}
            placeholder={t('datasets.upload.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
            disabled={uploading}
            data-testid="dataset-name"
          />
        </label>
        {file && latest ? (
          <span className="muted small version-hint">
            {t('datasets.upload.newVersion', { name: name.trim(), version: latest + 1 })}
          </span>
        ) : null}
        {uploading ? (
          <button type="button" className="btn" onClick={() => handle.current?.abort()}>
            {t('common.cancel')}
          </button>
        ) : (
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!file || !name.trim()}
            data-testid="upload-button"
          >
            {t('datasets.upload.button')}
          </button>
        )}
      </form>

      {state.kind === 'uploading' && (
        <div className="progress" data-testid="upload-progress">
          <div className="progress-bar" style={{ width: `${Math.round(state.progress * 100)}%` }} />
          <span className="progress-label">
            {state.progress < 1
              ? t('datasets.upload.progress', { percent: `${formatCount(Math.round(state.progress * 100))}%` })
              : t('datasets.upload.processing')}
          </span>
        </div>
      )}
      {state.kind === 'failed' && <ErrorBox error={state.error} testId="upload-error" />}
      {state.kind === 'done' && (
        <div className="notice success" data-testid="upload-success">
          {t('datasets.upload.done', {
            name: state.dataset.name,
            version: state.dataset.version,
            rows: tn('common.rows', state.dataset.rows),
            columns: tn('common.columns', state.dataset.columns.length),
          })}{' '}
          <a href={`/datasets/${encodeURIComponent(state.dataset.id)}`}
            onClick={linkHandler(`/datasets/${encodeURIComponent(state.dataset.id)}`)}>
            {t('common.open')}
          </a>
        </div>
      )}
    </section>
  );
}
