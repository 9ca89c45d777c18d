// Small pieces shared by the AI services pages: a file drop zone, a copy button, score bars,
// highlighted text with a legend, copyable commands and a Comprehend status pill.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatNumber, t, tOr } from '../../i18n';
import { statusTone } from '../../lib/classifiers';
import { linkHandler } from '../../lib/router';
import { highlightSegments, spanTypes, typeColor, type Span } from '../../lib/services';

// Copies `text`: the Clipboard API where the page may use it, else a selected textarea.
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.style.position = 'fixed';
  area.style.left = '-9999px';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(area);
  return ok;
}

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [state, setState] = useState<'yes' | 'no' | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <button type="button" className="btn copy-btn" aria-live="polite" data-testid={testId}
      onClick={() => void copyText(text).then((ok) => {
        setState(ok ? 'yes' : 'no');
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => setState(null), 1800);
      })}>
      {state === 'yes' ? t('services.copied') : state === 'no' ? t('services.copyFailed') : t('services.copy')}
    </button>
  );
}

// A titled block of copyable commands.
export function Commands({ items }: { items: { label: string; code: string; testId: string }[] }) {
  return (
    <div className="svc-commands">
      {items.map((c) => (
        <div key={c.testId} className="svc-command">
          <div className="svc-command-head">
            <span className="muted small">{c.label}</span>
            <CopyButton text={c.code} testId={`${c.testId}-copy`} />
          </div>
          <pre data-testid={c.testId}><code>{c.code}</code></pre>
        </div>
      ))}
    </div>
  );
}

// Horizontal bars of scores in [0, 1]; `top` is highlighted.
export function ScoreBars({ rows, top, testId }: { rows: { label: string; value: number }[]; top?: string; testId: string }) {
  return (
    <ul className="prob-bars" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.label} className={r.label === top ? 'top' : ''} data-testid={`${testId}-bar`} data-label={r.label} data-value={r.value}>
          <span className="prob-label">{r.label}</span>
          <span className="prob-track"><span className="prob-fill" style={{ width: `${Math.max(0, Math.min(1, r.value)) * 100}%` }} /></span>
          <span className="prob-value">{formatNumber(r.value, { style: 'percent', maximumFractionDigits: 1 })}</span>
        </li>
      ))}
    </ul>
  );
}

// The text with spans highlighted in their type's colour, and a legend of the types present.
export function Highlighted({ text, spans, testId, label }: { text: string; spans: Span[]; testId: string; label: (type: string) => string }) {
  const segments = highlightSegments(text, spans);
  const types = spanTypes(spans);
  return (
    <div data-testid={testId}>
      {types.length > 0 && (
        <ul className="svc-legend" aria-label={t('services.legend')}>
          {types.map((ty) => (
            <li key={ty}><span className={`hl hl-${typeColor(ty)}`}>{label(ty)}</span></li>
          ))}
        </ul>
      )}
      <p className="svc-highlighted">
        {segments.map((s, i) => s.span ? (
          <mark key={i} className={`hl hl-${typeColor(s.span.type)}`} data-testid={`${testId}-span`} data-type={s.span.type}
            title={s.span.score != null ? `${label(s.span.type)} · ${formatNumber(s.span.score, { maximumFractionDigits: 2 })}` : label(s.span.type)}>
            {s.text}<span className="visually-hidden"> ({label(s.span.type)})</span>
          </mark>
        ) : <span key={i}>{s.text}</span>)}
      </p>
    </div>
  );
}

// A drop zone that is also a button (Enter / Space open the file chooser).
export function FileDrop({ accept, onFile, file, hint, disabled }: {
  accept: string; onFile: (f: File) => void; file: File | null; hint: string; disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  return (
    <div className={`dropzone${dragging ? ' dragging' : ''}${file ? ' has-file' : ''}`} role="button" tabIndex={0}
      data-testid="svc-dropzone" aria-label={t('services.drop')}
      onClick={() => !disabled && input.current?.click()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          input.current?.click();
        }
      }}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const f = e.dataTransfer.files[0];
        if (f && !disabled) onFile(f);
      }}>
      <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" strokeWidth="1.6"
        strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M12 16V4m0 0l-4 4m4-4l4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
      </svg>
      <div>
        <strong>{file ? file.name : t('services.drop')}</strong>
        <span className="muted"> · {file ? t('services.chooseAnother') : hint}</span>
      </div>
      <input ref={input} type="file" accept={accept} hidden data-testid="svc-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          e.target.value = '';
        }} />
    </div>
  );
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <a className="back-link" href="/ai-services" onClick={linkHandler('/ai-services')}>← {t('services.title')}</a>
        <h1>{title}</h1>
        <p className="subtitle">{subtitle}</p>
      </div>
      {children}
    </header>
  );
}

// A Comprehend status as a coloured pill.
export function ComprehendStatus({ status, testId = 'clf-status' }: { status: string; testId?: string }) {
  const tone = statusTone(status);
  const cls = tone === 'ok' ? 'state-completed' : tone === 'busy' ? 'state-in_progress' : tone === 'failed' ? 'state-failed' : 'state-stopped';
  return (
    <span className={`state-pill ${cls}`} data-testid={testId} data-status={status}>
      {tOr(`services.clf.status.${status}`, status.replace(/_/g, ' ').toLowerCase())}
    </span>
  );
}
