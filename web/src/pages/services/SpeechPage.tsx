// Speech (Polly-compatible, espeak-ng): a voice picker grouped by language, a plain text / SSML
// editor (SSML errors shown at their line and column), a format picker, an audio player, and the
// word being spoken highlighted from the speech marks while the audio plays.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { servicesApi, type SpeechRequest } from '../../api/services';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t } from '../../i18n';
import { shellQuote } from '../../lib/endpoints';
import { currentWord, groupVoices, parseSpeechMarks, pcmToWav, ssmlErrorPosition, wordRanges, type SpeechMark } from '../../lib/services';
import { Commands, PageHeader } from './components';

const FORMATS = ['mp3', 'ogg_vorbis', 'pcm'] as const;
const PLAIN = 'Mary had a little lamb. Its fleece was white as snow.';
const SSML = '<speak>\n  Mary had a <emphasis level="strong">little</emphasis> lamb.\n  <break time="500ms"/>\n  <prosody rate="slow">Its fleece was white as snow.</prosody>\n</speak>';

interface Synthesis { url: string; marks: SpeechMark[]; text: string; marksError: unknown }

export default function SpeechPage() {
  const voices = useQuery({ queryKey: ['speech-voices'], queryFn: servicesApi.voices, staleTime: Infinity });
  const groups = useMemo(() => groupVoices(voices.data?.voices ?? []), [voices.data]);
  const [voice, setVoice] = useState('Joanna');
  const [type, setType] = useState<'text' | 'ssml'>('text');
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('mp3');
  const [text, setText] = useState(PLAIN);
  const [playing, setPlaying] = useState(-1);
  const audio = useRef<HTMLAudioElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  const synth = useMutation({
    mutationFn: async (req: SpeechRequest): Promise<Synthesis> => {
      // Marks first: an SSML error is reported once, by the faster request.
      let marks: SpeechMark[] = [];
      let marksError: unknown = null;
      try {
        marks = parseSpeechMarks(await servicesApi.speechMarks(req));
      } catch (e) {
        if (e instanceof ApiError) throw e;
        marksError = e;
      }
      let blob = await servicesApi.speechAudio(req);
      if (req.format === 'pcm') {
        blob = new Blob([pcmToWav(new Uint8Array(await blob.arrayBuffer()), 16000) as BlobPart], { type: 'audio/wav' });
      }
      return { url: URL.createObjectURL(blob), marks, text: req.text, marksError };
    },
  });
  const result = synth.data;
  useEffect(() => () => { if (result) URL.revokeObjectURL(result.url); }, [result]);

  // Follow the audio's clock while it plays (timeupdate alone fires only about 4 times a second).
  useEffect(() => {
    const el = audio.current;
    if (!el || !result) return;
    let frame = 0;
    const tick = () => {
      setPlaying(currentWord(result.marks, el.currentTime * 1000));
      if (!el.paused && !el.ended) frame = requestAnimationFrame(tick);
    };
    const start = () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(tick); };
    const ended = () => setPlaying(-1);
    el.addEventListener('play', start);
    el.addEventListener('seeked', tick);
    el.addEventListener('ended', ended);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('play', start);
      el.removeEventListener('seeked', tick);
      el.removeEventListener('ended', ended);
    };
  }, [result]);

  const ranges = useMemo(() => (result ? wordRanges(result.text, result.marks) : []), [result]);
  const ssmlError = synth.error instanceof ApiError && type === 'ssml' ? ssmlErrorPosition(synth.error.message, text) : null;

  const switchType = (next: 'text' | 'ssml') => {
    if (next === type) return;
    setType(next);
    if (next === 'ssml' && !text.trim().startsWith('<speak')) setText(text === PLAIN ? SSML : `<speak>${text.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</speak>`);
    if (next === 'text' && text === SSML) setText(PLAIN);
    synth.reset();
  };
  const run = () => {
    if (!text.trim()) return;
    setPlaying(-1);
    synth.mutate({ text, voice, format, text_type: type });
  };
  const goToError = () => {
    if (!ssmlError || !editor.current) return;
    editor.current.focus();
    editor.current.setSelectionRange(ssmlError.index, Math.min(text.length, ssmlError.index + 1));
  };

  const origin = window.location.origin.replace(/\/+$/, '');
  const ext = format === 'mp3' ? 'mp3' : format === 'ogg_vorbis' ? 'ogg' : 'pcm';
  const cli = [
    `aws polly synthesize-speech --endpoint-url ${shellQuote(origin)}`,
    `  --voice-id ${shellQuote(voice)} --output-format ${format}${type === 'ssml' ? ' --text-type ssml' : ''}`,
    `  --text ${shellQuote(text)} speech.${ext}`,
  ].join(' \\\n');
  const curl = [
    `curl -sS -X POST ${shellQuote(`${origin}/api/v1/speech`)} -H 'Content-Type: application/json'`,
    `  --data-binary ${shellQuote(JSON.stringify({ text, voice, format, text_type: type }))} -o speech.${ext}`,
  ].join(' \\\n');

  return (
    <div className="page" data-testid="speech-page">
      <PageHeader title={t('services.speech.title')} subtitle={t('services.speech.subtitle')} />
      {voices.error && <ErrorBox error={voices.error} testId="speech-voices-error" />}
      <section className="panel">
        <form onSubmit={(e) => { e.preventDefault(); run(); }}>
          <div className="svc-toolbar">
            <label className="field">
              <span>{t('services.speech.voice')}</span>
              <select value={voice} onChange={(e) => setVoice(e.target.value)} data-testid="speech-voice">
                {groups.length === 0 && <option value={voice}>{voice}</option>}
                {groups.map((g) => (
                  <optgroup key={g.code} label={`${g.name} (${g.code})`}>
                    {g.voices.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.id} · {v.gender === 'Female' ? t('services.speech.female') : v.gender === 'Male' ? t('services.speech.male') : v.gender}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('services.speech.format')}</span>
              <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)} data-testid="speech-format">
                {FORMATS.map((f) => <option key={f} value={f}>{t(`services.speech.format.${f}`)}</option>)}
              </select>
            </label>
            <div className="field">
              <span>{t('services.speech.input')}</span>
              <div className="segmented" role="group" aria-label={t('services.speech.input')}>
                <button type="button" className={type === 'text' ? 'on' : ''} aria-pressed={type === 'text'}
                  onClick={() => switchType('text')} data-testid="speech-mode-text">{t('services.speech.plain')}</button>
                <button type="button" className={type === 'ssml' ? 'on' : ''} aria-pressed={type === 'ssml'}
                  onClick={() => switchType('ssml')} data-testid="speech-mode-ssml">SSML</button>
              </div>
            </div>
          </div>
          <label className="visually-hidden" htmlFor="speech-text">{t('services.speech.text')}</label>
          <textarea id="speech-text" ref={editor} className={`svc-textarea${type === 'ssml' ? ' mono' : ''}`} rows={type === 'ssml' ? 7 : 4}
            value={text} onChange={(e) => setText(e.target.value)} data-testid="speech-text" spellCheck={type === 'text'}
            aria-invalid={ssmlError ? true : undefined}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } }} />
          <div className="send-row">
            <button type="submit" className="btn btn-primary" disabled={!text.trim() || synth.isPending} data-testid="speech-run">
              {synth.isPending ? t('services.speech.running') : t('services.speech.run')}
            </button>
          </div>
        </form>
        {synth.error && <ErrorBox error={synth.error} testId="speech-error" />}
        {ssmlError && (
          <div className="svc-ssml-error" data-testid="speech-ssml-error" data-line={ssmlError.line} data-column={ssmlError.column}>
            <pre>{text.split('\n')[ssmlError.line - 1] ?? ''}{'\n'}{' '.repeat(Math.max(0, ssmlError.column - 1))}^</pre>
            <button type="button" className="link-button" onClick={goToError}>
              {t('services.speech.goToError', { line: ssmlError.line, column: ssmlError.column })}
            </button>
          </div>
        )}
      </section>

      {result && (
        <section className="panel" data-testid="speech-result">
          <audio ref={audio} controls src={result.url} data-testid="speech-audio" className="svc-audio" />
          {result.marksError != null && <ErrorBox error={result.marksError} />}
          {ranges.length > 0 && (
            <p className={`svc-spoken${type === 'ssml' ? ' mono' : ''}`} data-testid="speech-spoken" aria-live="off">
              {ranges.map((r, i) => {
                const before = result.text.slice(i === 0 ? 0 : ranges[i - 1].to, r.from);
                return (
                  <span key={r.mark}>
                    {before}
                    <span className={`svc-word${playing === r.mark ? ' speaking' : ''}`} data-testid="speech-word"
                      data-time={result.marks[r.mark].time} aria-current={playing === r.mark ? 'true' : undefined}>
                      {result.text.slice(r.from, r.to)}
                    </span>
                  </span>
                );
              })}
              {result.text.slice(ranges[ranges.length - 1].to)}
            </p>
          )}
          <details className="svc-marks">
            <summary>{t('services.speech.marks', { count: result.marks.length })}</summary>
            <table className="table compact" data-testid="speech-marks">
              <thead><tr><th>{t('services.speech.time')}</th><th>{t('services.speech.type')}</th><th>{t('services.speech.value')}</th></tr></thead>
              <tbody>
                {result.marks.map((m, i) => (
                  <tr key={i} className={playing === i ? 'highlight' : ''}>
                    <td className="num">{formatNumber(m.time)} ms</td><td>{m.type}</td><td>{m.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
      )}

      <section className="panel">
        <h3 className="panel-title">{t('services.commands')}</h3>
        <Commands items={[
          { label: t('services.awsCli'), code: cli, testId: 'speech-aws-command' },
          { label: 'curl', code: curl, testId: 'speech-curl-command' },
        ]} />
      </section>
    </div>
  );
}
