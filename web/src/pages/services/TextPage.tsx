// Text analytics (Comprehend-compatible): paste or pick a sample, Analyse runs every analysis at
// once; language and sentiment as bars, then tabs for entities, PII (with the redacted copy), key
// phrases (highlighted in the text) and syntax (tokens with their part of speech). Below, the
// aws CLI and curl commands of the chosen analysis for the current input. /ai-services/text/batch
// is the batch mode (TextBatch.tsx): many documents at once through the Batch* operations.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { servicesApi } from '../../api/services';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t, tOr } from '../../i18n';
import { linkHandler } from '../../lib/router';
import { comprehendCli, textCurl, type Span, type TextOperation } from '../../lib/services';
import { Commands, Highlighted, PageHeader, ScoreBars } from './components';
import { TextBatch } from './TextBatch';

const SAMPLES = [
  'Dr. Ada Lovelace of Acme Widgets Inc flew to France on March 3, 2026. The trip was wonderful, but the hotel was noisy.',
  'Hi, I am Sam. Mail me at sam.jones@example.com or call (415) 555-2671. My card is 4111 1111 1111 1111.',
  'The food was delicious and the staff were friendly. I will definitely come back!',
  'La reunión del consejo en Madrid terminó tarde y los vecinos protestaron en la plaza.',
];
const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt'];
const TABS = ['entities', 'pii', 'keyPhrases', 'syntax'] as const;
type Tab = (typeof TABS)[number];

interface Submitted { text: string; lang: string; n: number }

function useAnalysis<T>(name: string, input: Submitted | null, fn: (s: Submitted) => Promise<T>) {
  return useQuery({
    queryKey: ['text', name, input?.n, input?.text, input?.lang],
    queryFn: () => fn(input!),
    enabled: input !== null,
    retry: false,
    staleTime: Infinity,
  });
}

function Loading() {
  return <p className="muted small">{t('common.loading')}</p>;
}

const typeLabel = (ty: string) => tOr(`services.text.type.${ty}`, ty.replace(/_/g, ' '));

function SingleText() {
  const [text, setText] = useState(SAMPLES[0]);
  const [lang, setLang] = useState('en');
  const [input, setInput] = useState<Submitted | null>(null);
  const [tab, setTab] = useState<Tab>('entities');
  const [redacted, setRedacted] = useState(false);
  const [cmdOp, setCmdOp] = useState<TextOperation>('sentiment');

  const body = (s: Submitted) => ({ text: s.text, language_code: s.lang });
  const language = useAnalysis('language', input, (s) => servicesApi.detectLanguage({ text: s.text }));
  const sentiment = useAnalysis('sentiment', input, (s) => servicesApi.sentiment(body(s)));
  const entities = useAnalysis('entities', input, (s) => servicesApi.entities(body(s)));
  const pii = useAnalysis('pii', input, (s) => servicesApi.pii(body(s)));
  const phrases = useAnalysis('keyPhrases', input, (s) => servicesApi.keyPhrases(body(s)));
  const syntax = useAnalysis('syntax', input, (s) => servicesApi.syntax(body(s)));

  const analyse = () => {
    if (!text.trim()) return;
    setInput((cur) => ({ text, lang, n: (cur?.n ?? 0) + 1 }));
  };
  const shown = input?.text ?? '';
  const origin = window.location.origin;

  return (
    <>
      <section className="panel">
        <form onSubmit={(e) => { e.preventDefault(); analyse(); }}>
          <div className="svc-toolbar">
            <label className="field">
              <span>{t('services.text.sample')}</span>
              <select value="" data-testid="text-sample" onChange={(e) => {
                if (e.target.value !== '') {
                  const i = Number(e.target.value);
                  setText(SAMPLES[i]);
                  if (i === 3) setLang('es');
                }
              }}>
                <option value="">{t('services.text.pickSample')}</option>
                {SAMPLES.map((s, i) => <option key={i} value={i}>{s.slice(0, 60)}…</option>)}
              </select>
            </label>
            <label className="field">
              <span>{t('services.text.language')}</span>
              <select value={lang} onChange={(e) => setLang(e.target.value)} data-testid="text-language">
                {LANGUAGES.map((l) => <option key={l} value={l}>{tOr(`services.lang.${l}`, l)} ({l})</option>)}
              </select>
            </label>
          </div>
          <label className="visually-hidden" htmlFor="text-input">{t('services.text.input')}</label>
          <textarea id="text-input" className="svc-textarea" value={text} data-testid="text-input" rows={5}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyse(); } }} />
          <div className="send-row">
            <button type="submit" className="btn btn-primary" data-testid="text-analyse" disabled={!text.trim()}>
              {t('services.text.analyse')}
            </button>
            <span className="muted small">{t('services.text.hint')}</span>
          </div>
        </form>
      </section>

      {input && (
        <>
          <div className="svc-two">
            <section className="panel" data-testid="text-language-card">
              <h3 className="panel-title">{t('services.text.dominant')}</h3>
              {language.isPending && <Loading />}
              {language.error && <ErrorBox error={language.error} testId="text-language-error" />}
              {language.data && (language.data.languages.length === 0
                ? <p className="muted">{t('services.text.noLanguage')}</p>
                : <ScoreBars testId="text-languages" top={language.data.languages[0]?.language_code}
                  rows={language.data.languages.map((l) => ({ label: `${tOr(`services.lang.${l.language_code}`, l.language_code)} (${l.language_code})`, value: l.score }))} />)}
            </section>
            <section className="panel" data-testid="text-sentiment-card">
              <h3 className="panel-title">{t('services.text.sentiment')}</h3>
              {sentiment.isPending && <Loading />}
              {sentiment.error && <ErrorBox error={sentiment.error} testId="text-sentiment-error" />}
              {sentiment.data && (
                <>
                  <p className={`svc-sentiment s-${sentiment.data.sentiment.toLowerCase()}`} data-testid="text-sentiment-label"
                    data-sentiment={sentiment.data.sentiment}>
                    {tOr(`services.text.sentiment.${sentiment.data.sentiment}`, sentiment.data.sentiment)}
                  </p>
                  <ScoreBars testId="text-sentiment-scores" top={t(`services.text.sentiment.${sentiment.data.sentiment}`)}
                    rows={(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const).map((k) => ({
                      label: t(`services.text.sentiment.${k}`),
                      value: sentiment.data.scores[k.toLowerCase() as 'positive'] ?? 0,
                    }))} />
                </>
              )}
            </section>
          </div>

          <section className="panel">
            <div className="tabs" role="tablist" aria-label={t('services.text.analyses')}>
              {TABS.map((id) => (
                <button key={id} type="button" role="tab" aria-selected={tab === id} tabIndex={tab === id ? 0 : -1}
                  className={`tab${tab === id ? ' active' : ''}`} data-testid={`text-tab-${id}`}
                  onClick={() => { setTab(id); setCmdOp(id); }}
                  onKeyDown={(e) => {
                    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                    if (!step) return;
                    e.preventDefault();
                    const next = TABS[(TABS.indexOf(id) + step + TABS.length) % TABS.length];
                    setTab(next);
                    setCmdOp(next);
                    (e.currentTarget.parentElement?.querySelector(`[data-testid="text-tab-${next}"]`) as HTMLElement | null)?.focus();
                  }}>
                  {t(`services.text.tab.${id}`)}
                </button>
              ))}
            </div>
            <div role="tabpanel">
              {tab === 'entities' && (
                <>
                  {entities.isPending && <Loading />}
                  {entities.error && <ErrorBox error={entities.error} testId="text-entities-error" />}
                  {entities.data && (entities.data.entities.length === 0
                    ? <p className="muted" data-testid="text-entities-empty">{t('services.text.noEntities')}</p>
                    : <Highlighted text={shown} testId="text-entities" label={typeLabel}
                      spans={entities.data.entities.map((e): Span => ({ begin: e.begin_offset, end: e.end_offset, type: e.type, score: e.score }))} />)}
                </>
              )}
              {tab === 'pii' && (
                <>
                  {pii.isPending && <Loading />}
                  {pii.error && <ErrorBox error={pii.error} testId="text-pii-error" />}
                  {pii.data && (
                    <>
                      <label className="check">
                        <input type="checkbox" checked={redacted} onChange={(e) => setRedacted(e.target.checked)} data-testid="text-redact" />
                        {t('services.text.redact')}
                      </label>
                      {pii.data.entities.length === 0 && <p className="muted" data-testid="text-pii-empty">{t('services.text.noPii')}</p>}
                      {redacted
                        ? <p className="svc-highlighted svc-redacted" data-testid="text-redacted">{pii.data.redacted_text ?? shown}</p>
                        : pii.data.entities.length > 0 && (
                          <Highlighted text={shown} testId="text-pii" label={typeLabel}
                            spans={pii.data.entities.map((e): Span => ({ begin: e.begin_offset, end: e.end_offset, type: e.type, score: e.score }))} />
                        )}
                    </>
                  )}
                </>
              )}
              {tab === 'keyPhrases' && (
                <>
                  {phrases.isPending && <Loading />}
                  {phrases.error && <ErrorBox error={phrases.error} testId="text-phrases-error" />}
                  {phrases.data && (phrases.data.key_phrases.length === 0
                    ? <p className="muted">{t('services.text.noPhrases')}</p>
                    : <Highlighted text={shown} testId="text-phrases" label={() => t('services.text.keyPhrase')}
                      spans={phrases.data.key_phrases.map((e): Span => ({ begin: e.begin_offset, end: e.end_offset, type: 'KEY_PHRASE', score: e.score }))} />)}
                </>
              )}
              {tab === 'syntax' && (
                <>
                  {syntax.isPending && <Loading />}
                  {syntax.error && <ErrorBox error={syntax.error} testId="text-syntax-error" />}
                  {syntax.data && (syntax.data.tokens.length === 0
                    ? <p className="muted">{t('services.text.noTokens')}</p>
                    : (
                      <ol className="svc-tokens" data-testid="text-tokens">
                        {syntax.data.tokens.map((tok) => (
                          <li key={tok.token_id} data-testid="text-token" data-tag={tok.tag}
                            title={`${tOr(`services.text.pos.${tok.tag}`, tok.tag)} · ${formatNumber(tok.score, { maximumFractionDigits: 2 })}${tok.stem ? ` · ${t('services.text.stem')}: ${tok.stem}` : ''}`}>
                            <span className="svc-token-text">{tok.text}</span>
                            <span className={`svc-token-tag pos-${tok.tag}`}>{tok.tag}</span>
                          </li>
                        ))}
                      </ol>
                    ))}
                </>
              )}
            </div>
          </section>
        </>
      )}

      <section className="panel" data-testid="text-commands">
        <div className="panel-title-row">
          <h3 className="panel-title">{t('services.commands')}</h3>
          <label className="field inline">
            <span>{t('services.text.operation')}</span>
            <select value={cmdOp} onChange={(e) => setCmdOp(e.target.value as TextOperation)} data-testid="text-command-op">
              {(['language', 'sentiment', 'entities', 'pii', 'keyPhrases', 'syntax'] as const).map((op) => (
                <option key={op} value={op}>{t(`services.text.op.${op}`)}</option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted small">{t('services.text.commandsNote')}</p>
        <Commands items={[
          { label: t('services.awsCli'), code: comprehendCli(cmdOp, origin, text, lang), testId: 'text-aws-command' },
          { label: 'curl', code: textCurl(cmdOp, origin, text, lang), testId: 'text-curl-command' },
        ]} />
      </section>
    </>
  );
}

// One text (/ai-services/text) or many (/ai-services/text/batch); the switch is a pair of links.
export default function TextPage({ batch = false }: { batch?: boolean }) {
  const modes = [
    { id: 'single', path: '/ai-services/text', on: !batch },
    { id: 'batch', path: '/ai-services/text/batch', on: batch },
  ];
  return (
    <div className="page" data-testid="text-page">
      <PageHeader title={t('services.text.title')} subtitle={batch ? t('services.batch.subtitle') : t('services.text.subtitle')}>
        <nav className="segmented" aria-label={t('services.batch.mode')}>
          {modes.map((m) => (
            <a key={m.id} href={m.path} onClick={linkHandler(m.path)} className={`segmented-link${m.on ? ' on' : ''}`}
              aria-current={m.on ? 'page' : undefined} data-testid={`text-mode-${m.id}`}>
              {t(`services.batch.mode.${m.id}`)}
            </a>
          ))}
        </nav>
      </PageHeader>
      {batch ? <TextBatch /> : <SingleText />}
    </div>
  );
}
