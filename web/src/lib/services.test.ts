import { describe, expect, it } from 'vitest';
import {
  boxShare,
  byteToIndex,
  comprehendCli,
  currentWord,
  groupVoices,
  highlightSegments,
  pageBoxes,
  parseSpeechMarks,
  routeKind,
  spanTypes,
  ssmlErrorPosition,
  textCurl,
  typeColor,
  type Block,
} from './services';

describe('highlightSegments', () => {
  it('cuts the text around spans and keeps every character once', () => {
    const text = 'We met in Paris on 2026-05-01.';
    const segs = highlightSegments(text, [
      { begin: 19, end: 29, type: 'DATE' },
      { begin: 10, end: 15, type: 'LOCATION' },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.span).map((s) => [s.text, s.span!.type])).toEqual([
      ['Paris', 'LOCATION'],
      ['2026-05-01', 'DATE'],
    ]);
  });

  it('counts code points, not UTF-16 units (an emoji is one character)', () => {
    const text = '😀 Ada went to Hà Nội';
    // Code point offsets: 😀=0, space=1, Ada=2..5; "Hà Nội" is 14..20.
    const segs = highlightSegments(text, [
      { begin: 2, end: 5, type: 'PERSON' },
      { begin: 14, end: 20, type: 'LOCATION' },
    ]);
    expect(segs.filter((s) => s.span).map((s) => s.text)).toEqual(['Ada', 'Hà Nội']);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('drops overlapping spans, clips past the end, and copes with no spans or no text', () => {
    const segs = highlightSegments('abcdef', [
      { begin: 0, end: 3, type: 'A' },
      { begin: 2, end: 4, type: 'B' },
      { begin: 5, end: 99, type: 'C' },
      { begin: 4, end: 4, type: 'EMPTY' },
    ]);
    expect(segs.map((s) => [s.text, s.span?.type ?? null])).toEqual([
      ['abc', 'A'],
      ['de', null],
      ['f', 'C'],
    ]);
    expect(highlightSegments('plain', [])).toEqual([{ text: 'plain', span: null }]);
    expect(highlightSegments('', [{ begin: 0, end: 2, type: 'X' }])).toEqual([{ text: '', span: null }]);
  });

  it('lists types once in order and gives each type a stable colour', () => {
    expect(spanTypes([{ begin: 0, end: 1, type: 'B' }, { begin: 1, end: 2, type: 'A' }, { begin: 2, end: 3, type: 'B' }])).toEqual(['B', 'A']);
    expect(typeColor('PERSON')).toBe(typeColor('PERSON'));
    const colours = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'DATE', 'QUANTITY', 'EMAIL'].map((x) => typeColor(x)));
    expect(colours.size).toBeGreaterThan(2);
    for (const c of colours) expect(c).toBeGreaterThanOrEqual(0);
  });
});

describe('speech marks', () => {
  const body = [
    '{"time":0,"type":"sentence","start":0,"end":14,"value":"Café au lait."}',
    '{"time":0,"type":"word","start":0,"end":5,"value":"Café"}',
    '{"time":420,"type":"word","start":6,"end":8,"value":"au"}',
    '',
    '{"time":610,"type":"word","start":9,"end":13,"value":"lait"}',
  ].join('\n');

  it('parses one mark per line and names a bad line', () => {
    const marks = parseSpeechMarks(body);
    expect(marks.map((m) => m.type)).toEqual(['sentence', 'word', 'word', 'word']);
    expect(marks[2]).toMatchObject({ time: 420, start: 6, end: 8, value: 'au' });
    expect(() => parseSpeechMarks('{"time":0,"type":"word"}\nnope')).toThrow(/line 2/);
    expect(() => parseSpeechMarks('{"value":"x"}')).toThrow(/line 1/);
    expect(parseSpeechMarks('')).toEqual([]);
  });

  it('maps UTF-8 byte offsets to string indexes', () => {
    const text = 'Café au lait.';
    // "é" is 2 bytes: bytes 0..5 are "Café", so byte 6 is "a" at index 5.
    expect(text.slice(byteToIndex(text, 0), byteToIndex(text, 5))).toBe('Café');
    expect(text.slice(byteToIndex(text, 6), byteToIndex(text, 8))).toBe('au');
    expect(text.slice(byteToIndex(text, 9), byteToIndex(text, 13))).toBe('lait');
    expect(byteToIndex(text, 4)).toBe(3); // inside "é": its start
    expect(byteToIndex(text, 1000)).toBe(text.length);
    const emoji = '😀 ok';
    expect(emoji.slice(byteToIndex(emoji, 5), byteToIndex(emoji, 7))).toBe('ok');
  });

  it('finds the word whose time is at or before the current time', () => {
    const marks = parseSpeechMarks(body);
    expect(currentWord(marks, 0)).toBe(1);
    expect(currentWord(marks, 419)).toBe(1);
    expect(currentWord(marks, 420)).toBe(2);
    expect(currentWord(marks, 5000)).toBe(3); // the blank line is not a mark
    expect(currentWord(marks.filter((m) => m.type !== 'word'), 100)).toBe(-1);
    const late = parseSpeechMarks('{"time":50,"type":"word","start":0,"end":1,"value":"a"}');
    expect(currentWord(late, 10)).toBe(-1);
  });

  it('locates an SSML error from its line and column', () => {
    const text = '<speak>\nHi <prosody rate="slow">there</speak>';
    const msg = 'SSML does not parse: line 2, column 30: </speak> closes <prosody> opened at line 2, column 4';
    const pos = ssmlErrorPosition(msg, text);
    expect(pos).toMatchObject({ line: 2, column: 30 });
    expect(text.slice(pos!.index, pos!.index + 8)).toBe('</speak>');
    expect(ssmlErrorPosition('voice not found', text)).toBeNull();
  });
});

describe('voices and translation routes', () => {
  it('groups voices by language, sorted', () => {
    const groups = groupVoices([
      { id: 'Matthew', language_code: 'en-US', language_name: 'US English', gender: 'Male' },
      { id: 'Lucia', language_code: 'es-ES', language_name: 'Castilian Spanish', gender: 'Female' },
      { id: 'Joanna', language_code: 'en-US', language_name: 'US English', gender: 'Female' },
    ]);
    expect(groups.map((g) => g.code)).toEqual(['es-ES', 'en-US']);
    expect(groups[1].voices.map((v) => v.id)).toEqual(['Joanna', 'Matthew']);
    expect(groupVoices([])).toEqual([]);
  });

  it('tells direct pairs, pivots and impossible routes apart', () => {
    const pairs = [
      { source: 'en', target: 'es', mode: 'eng-spa' },
      { source: 'es', target: 'pt-PT', mode: 'es-pt' },
      { source: 'es', target: 'en', mode: 'spa-eng' },
    ];
    expect(routeKind(pairs, 'en', 'es')).toBe('direct');
    expect(routeKind(pairs, 'en', 'pt-PT')).toBe('pivot');
    expect(routeKind(pairs, 'pt-PT', 'en')).toBeNull();
    expect(routeKind(pairs, 'auto', 'pt-PT')).toBe('direct');
  });
});

describe('Textract blocks', () => {
  const box = (l: number, t: number, w: number, h: number) => ({ BoundingBox: { Left: l, Top: t, Width: w, Height: h } });
  const blocks: Block[] = [
    { BlockType: 'PAGE', Id: 'p', Page: 1, Geometry: box(0, 0, 1, 1) },
    { BlockType: 'LINE', Id: 'l1', Page: 1, Text: 'Total 42', Geometry: box(0.1, 0.1, 0.5, 0.1) },
    { BlockType: 'WORD', Id: 'w1', Page: 1, Text: 'Total', Confidence: 96, Geometry: box(0.1, 0.1, 0.2, 0.1) },
    { BlockType: 'WORD', Id: 'w2', Page: 1, Text: '42', Geometry: box(0.4, 0.1, 0.2, 0.1) },
    { BlockType: 'CELL', Id: 'c1', Page: 1, RowIndex: 1, ColumnIndex: 1, Geometry: box(0, 0, 0.5, 0.2),
      Relationships: [{ Type: 'CHILD', Ids: ['w1', 'w2'] }] },
    { BlockType: 'WORD', Id: 'w3', Page: 2, Text: 'Two', Geometry: box(0.3, 0.3, 0.1, 0.1) },
    { BlockType: 'WORD', Id: 'nogeo', Page: 1, Text: 'x' },
  ];

  it('selects boxes by page and layer, with cell text from the child words', () => {
    expect(pageBoxes(blocks, 1, ['word']).map((b) => b.text)).toEqual(['Total', '42']);
    expect(pageBoxes(blocks, 1, ['word'])[0]).toMatchObject({ left: 0.1, top: 0.1, width: 0.2, height: 0.1, confidence: 96 });
    expect(pageBoxes(blocks, 1, ['line', 'cell']).map((b) => [b.layer, b.text])).toEqual([
      ['line', 'Total 42'],
      ['cell', 'Total 42'],
    ]);
    expect(pageBoxes(blocks, 2, ['word', 'line', 'cell']).map((b) => b.id)).toEqual(['w3']);
    expect(pageBoxes([], 1, ['word'])).toEqual([]);
  });

  it('turns a pixel box into shares of the image', () => {
    expect(boxShare({ left: 176, top: 77, width: 91, height: 90 }, 512, 512)).toEqual({
      left: 176 / 512, top: 77 / 512, width: 91 / 512, height: 90 / 512,
    });
  });
});

describe('commands', () => {
  it('quote the text for the shell in the aws CLI and curl commands', () => {
    const cli = comprehendCli('sentiment', 'http://127.0.0.1:8080/', "It's great", 'en');
    expect(cli).toBe(
      "aws comprehend detect-sentiment --endpoint-url 'http://127.0.0.1:8080' \\\n  --language-code 'en' \\\n  --text 'It'\\''s great'",
    );
    expect(comprehendCli('language', 'http://h', 'Bonjour', 'en')).not.toContain('--language-code');
    const curl = textCurl('pii', 'http://h', 'Mail a@b.c', 'en');
    expect(curl).toContain("'http://h/api/v1/text/detect-pii?redact=true'");
    expect(curl).toContain(`'{"text":"Mail a@b.c","language_code":"en"}'`);
  });
});

describe('audio helpers', () => {
  it('wraps PCM in a WAV header that states its rate and size', async () => {
    const { pcmToWav } = await import('./services');
    const pcm = new Uint8Array([1, 0, 2, 0, 3]);
    const wav = pcmToWav(pcm, 16000);
    const view = new DataView(wav.buffer);
    expect(String.fromCharCode(...wav.slice(0, 4))).toBe('RIFF');
    expect(String.fromCharCode(...wav.slice(8, 12))).toBe('WAVE');
    expect(view.getUint32(24, true)).toBe(16000);
    expect(view.getUint32(28, true)).toBe(32000);
    expect(view.getUint32(40, true)).toBe(4); // the odd byte is dropped
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
    expect([...wav.slice(44)]).toEqual([1, 0, 2, 0]);
  });

  it('turns word marks into text ranges', async () => {
    const { wordRanges } = await import('./services');
    const text = 'Café au lait.';
    const marks = parseSpeechMarks([
      '{"time":0,"type":"sentence","start":0,"end":14,"value":"Café au lait."}',
      '{"time":0,"type":"word","start":0,"end":5,"value":"Café"}',
      '{"time":420,"type":"word","start":6,"end":8,"value":"au"}',
    ].join('\n'));
    expect(wordRanges(text, marks).map((r) => [r.mark, text.slice(r.from, r.to)])).toEqual([[1, 'Café'], [2, 'au']]);
  });
});
