// Copyable code that calls the endpoint with the playground's current row: curl, Python
// (requests, and boto3 with endpoint_url) and the aws CLI, filled with the page's origin.
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n';
import { SNIPPET_KINDS, snippet, type SnippetInput, type SnippetKind } from '../../lib/endpoints';

// Copies `text` to the clipboard: the async Clipboard API where the page may use it, otherwise a
// selected off-screen textarea and execCommand('copy').
async function copyText(text: string): Promise<boolean> {
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
  area.setAttribute('readonly', '');
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

export function Snippets({ input }: { input: SnippetInput }) {
  const [kind, setKind] = useState<SnippetKind>('curl');
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const code = snippet(kind, input);
  const copy = async () => {
    const ok = await copyText(code);
    setCopied(ok ? 'yes' : 'no');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setCopied(null), 1800);
  };
  return (
    <section className="panel ep-section" data-testid="snippets">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('deploy.snippets.title')}</h3>
      </div>
      <p className="muted small">{t('deploy.snippets.note')}</p>
      <div className="snippet-bar">
        <div className="tabs snippet-tabs" role="tablist" aria-label={t('deploy.snippets.title')}>
          {SNIPPET_KINDS.map((k) => (
            <button key={k} type="button" role="tab" aria-selected={kind === k} className={`tab${kind === k ? ' active' : ''}`}
              onClick={() => setKind(k)} data-testid={`snippet-tab-${k}`}>
              {t(`deploy.snippets.${k}`)}
            </button>
          ))}
        </div>
        <button type="button" className="btn copy-btn" onClick={() => void copy()} data-testid="snippet-copy" aria-live="polite">
          {copied === 'yes' ? t('deploy.snippets.copied') : copied === 'no' ? t('deploy.snippets.copyFailed') : t('deploy.snippets.copy')}
        </button>
      </div>
      <div className="snippet" role="tabpanel">
        <pre data-testid="snippet-code" data-kind={kind}><code>{code}</code></pre>
      </div>
    </section>
  );
}
