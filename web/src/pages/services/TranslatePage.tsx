// Translation (Translate-compatible, Apertium): source and target pickers from /languages (source
// 'auto' shows the detected language), the texts side by side, a swap button, a note when the
// route pivots through a third language, and custom terminologies (CSV/TSV upload, selection,
// delete).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { servicesApi } from '../../api/services';
import { ErrorBox } from '../../components/ErrorBox';
import { t, tOr } from '../../i18n';
import { routeKind } from '../../lib/services';
import { Commands, PageHeader } from './components';
import { shellQuote } from '../../lib/endpoints';

function Terminologies({ selected, onToggle }: { selected: string[]; onToggle: (name: string) => void }) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['terminologies'], queryFn: servicesApi.terminologies });
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => servicesApi.importTerminology(name.trim(), file!),
    onSuccess: () => {
      setFile(null);
      setName('');
      void client.invalidateQueries({ queryKey: ['terminologies'] });
    },
  });
  const remove = useMutation({
    mutationFn: (n: string) => servicesApi.deleteTerminology(n),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['terminologies'] }),
  });
  return (
    <section className="panel" data-testid="terminologies">
      <h3 className="panel-title">{t('services.translate.terms')}</h3>
      <p className="muted small">{t('services.translate.termsHelp')}</p>
      {list.isPending && <p className="muted small">{t('common.loading')}</p>}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && list.data.terminologies.length === 0 && <p className="muted small">{t('services.translate.noTerms')}</p>}
      {list.data && list.data.terminologies.length > 0 && (
        <ul className="svc-term-list">
          {list.data.terminologies.map((term) => (
            <li key={term.name} data-testid="terminology" data-name={term.name}>
              <label className="check">
                <input type="checkbox" checked={selected.includes(term.name)} onChange={() => onToggle(term.name)} />
                <strong>{term.name}</strong>
              </label>
              <span className="muted small">
                {t('services.translate.termInfo', {
                  count: term.term_count, source: term.source_language, targets: term.target_languages.join(', '),
                })}
              </span>
              <button type="button" className="link-button" onClick={() => remove.mutate(term.name)}
                aria-label={t('services.translate.deleteTerm', { name: term.name })}>{t('common.delete')}</button>
            </li>
          ))}
        </ul>
      )}
      <form className="svc-toolbar" onSubmit={(e) => { e.preventDefault(); if (file && name.trim()) upload.mutate(); }}>
        <label className="field">
          <span>{t('services.translate.termName')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="term-name" placeholder="brands" />
        </label>
        <label className="field">
          <span>{t('services.translate.termFile')}</span>
          <input type="file" accept=".csv,.tsv,text/csv,text/tab-separated-values" data-testid="term-file"
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              if (f && !name) setName(f.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-'));
            }} />
        </label>
        <button type="submit" className="btn" disabled={!file || !name.trim() || upload.isPending} data-testid="term-upload">
          {upload.isPending ? t('common.working') : t('services.translate.upload')}
        </button>
      </form>
      {upload.error && <ErrorBox error={upload.error} testId="term-error" />}
      {remove.error && <ErrorBox error={remove.error} />}
    </section>
  );
}

export default function TranslatePage() {
  const languages = useQuery({ queryKey: ['translate-languages'], queryFn: servicesApi.translateLanguages, staleTime: 60_000 });
  const [source, setSource] = useState('en');
  const [target, setTarget] = useState('es');
  const [text, setText] = useState('The black cat sleeps in the house.');
  const [terms, setTerms] = useState<string[]>([]);
  const translate = useMutation({
    mutationFn: () => servicesApi.translate({ text, source, target, terminologies: terms.length ? terms : undefined }),
  });
  const langs = languages.data?.languages ?? [];
  const name = (code: string) => langs.find((l) => l.code === code)?.name ?? code;
  const route = languages.data ? routeKind(languages.data.pairs, source, target) : 'direct';
  const result = translate.data;

  const swap = () => {
    const from = source === 'auto' ? result?.source ?? 'en' : source;
    setSource(target);
    setTarget(from);
    if (result) setText(result.translated_text);
    translate.reset();
  };
  const run = () => { if (text.trim()) translate.mutate(); };
  const origin = window.location.origin.replace(/\/+$/, '');
  const cli = [
    `aws translate translate-text --endpoint-url ${shellQuote(origin)}`,
    `  --source-language-code ${shellQuote(source)} --target-language-code ${shellQuote(target)}`,
    ...(terms.length ? [`  --terminology-names ${terms.map(shellQuote).join(' ')}`] : []),
    `  --text ${shellQuote(text)}`,
  ].join(' \\\n');
  const curl = [
    `curl -sS -X POST ${shellQuote(`${origin}/api/v1/translate`)}`,
    `  -H 'Content-Type: application/json'`,
    `  --data-binary ${shellQuote(JSON.stringify({ text, source, target, ...(terms.length ? { terminologies: terms } : {}) }))}`,
  ].join(' \\\n');

  return (
    <div className="page" data-testid="translate-page">
      <PageHeader title={t('services.translate.title')} subtitle={t('services.translate.subtitle')} />
      {languages.error && <ErrorBox error={languages.error} testId="translate-languages-error" />}
      <section className="panel">
        <form onSubmit={(e) => { e.preventDefault(); run(); }}>
          <div className="svc-lang-bar">
            <label className="field">
              <span>{t('services.translate.from')}</span>
              <select value={source} data-testid="translate-source" onChange={(e) => { setSource(e.target.value); translate.reset(); }}>
                <option value="auto">{t('services.translate.auto')}</option>
                {langs.map((l) => <option key={l.code} value={l.code}>{tOr(`services.lang.${l.code}`, l.name)} ({l.code})</option>)}
              </select>
            </label>
            <button type="button" className="btn icon-btn svc-swap" onClick={swap} data-testid="translate-swap"
              aria-label={t('services.translate.swap')} title={t('services.translate.swap')}>⇄</button>
            <label className="field">
              <span>{t('services.translate.to')}</span>
              <select value={target} data-testid="translate-target" onChange={(e) => { setTarget(e.target.value); translate.reset(); }}>
                {langs.map((l) => <option key={l.code} value={l.code}>{tOr(`services.lang.${l.code}`, l.name)} ({l.code})</option>)}
              </select>
            </label>
          </div>
          {route === 'pivot' && <p className="notice warn small" data-testid="translate-route-pivot">{t('services.translate.willPivot')}</p>}
          {route === null && <p className="notice warn small" data-testid="translate-route-none">
            {t('services.translate.noRoute', { source: name(source), target: name(target) })}</p>}
          <div className="svc-side-by-side">
            <div>
              <label className="visually-hidden" htmlFor="translate-input">{t('services.translate.input')}</label>
              <textarea id="translate-input" className="svc-textarea" rows={8} value={text} data-testid="translate-input"
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } }} />
            </div>
            <div>
              <label className="visually-hidden" htmlFor="translate-output">{t('services.translate.output')}</label>
              <textarea id="translate-output" className="svc-textarea svc-output" rows={8} readOnly data-testid="translate-output"
                value={result?.translated_text ?? ''} placeholder={translate.isPending ? t('common.loading') : t('services.translate.outputPlaceholder')} />
            </div>
          </div>
          <div className="send-row">
            <button type="submit" className="btn btn-primary" disabled={!text.trim() || translate.isPending} data-testid="translate-run">
              {translate.isPending ? t('services.translate.running') : t('services.translate.run')}
            </button>
            {terms.length > 0 && <span className="muted small">{t('services.translate.usingTerms', { names: terms.join(', ') })}</span>}
          </div>
        </form>
        {translate.error && <ErrorBox error={translate.error} testId="translate-error" />}
        {result && (
          <div className="svc-result-notes" data-testid="translate-result">
            {source === 'auto' && (
              <p data-testid="translate-detected">{t('services.translate.detected', { language: `${name(result.source)} (${result.source})` })}</p>
            )}
            {result.pivot && (
              <p className="notice small" data-testid="translate-pivot">
                {t('services.translate.pivot', { language: name(result.pivot), modes: (result.modes ?? []).join(' → ') })}
              </p>
            )}
            {(result.applied_terms ?? []).length > 0 && (
              <p className="small" data-testid="translate-applied">
                {t('services.translate.applied')}{' '}
                {result.applied_terms!.map((a) => `${a.source_text} → ${a.target_text}`).join(' · ')}
              </p>
            )}
          </div>
        )}
      </section>
      <Terminologies selected={terms} onToggle={(n) => setTerms((cur) => cur.includes(n) ? cur.filter((x) => x !== n) : [...cur, n])} />
      <section className="panel">
        <h3 className="panel-title">{t('services.commands')}</h3>
        <Commands items={[
          { label: t('services.awsCli'), code: cli, testId: 'translate-aws-command' },
          { label: 'curl', code: curl, testId: 'translate-curl-command' },
        ]} />
      </section>
    </div>
  );
}
