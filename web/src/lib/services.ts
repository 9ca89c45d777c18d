// Pure logic of the AI services pages (pages/services/): highlighted spans from character offsets,
// speech marks (byte offsets, times) to the word being spoken, Textract blocks to boxes and
// tables, voices grouped by language, translation routes, SSML error positions and the aws / curl
// commands shown for the current input. No React, no fetch: unit-tested in services.test.ts.
import { shellQuote } from './endpoints';

// ---- highlighted text ----------------------------------------------------------------------

// A span of the text in Unicode code points (Comprehend's offsets), end exclusive.
export interface Span {
  begin: number;
  end: number;
  type: string;
  score?: number;
}

// A piece of the text: plain, or covered by one span.
export interface Segment {
  text: string;
  span: Span | null;
}

// Cuts `text` into plain and highlighted segments. Offsets count code points (an emoji is one),
// as the text API answers. Spans are taken in begin order; one that overlaps an earlier kept span
// is dropped, spans past the end of the text are clipped, and empty ones ignored.
export function highlightSegments(text: string, spans: Span[]): Segment[] {
  const chars = Array.from(text);
  const sorted = [...spans]
    .filter((s) => Number.isFinite(s.begin) && Number.isFinite(s.end))
    .sort((a, b) => a.begin - b.begin || b.end - a.end);
  const out: Segment[] = [];
  let pos = 0;
  for (const s of sorted) {
    const begin = Math.max(0, Math.min(s.begin, chars.length));
    const end = Math.max(begin, Math.min(s.end, chars.length));
    if (end <= begin || begin < pos) continue;
    if (begin > pos) out.push({ text: chars.slice(pos, begin).join(''), span: null });
    out.push({ text: chars.slice(begin, end).join(''), span: s });
    pos = end;
  }
  if (pos < chars.length || out.length === 0) out.push({ text: chars.slice(pos).join(''), span: null });
  return out;
}

// The distinct span types in first-seen order (for a legend).
export function spanTypes(spans: Span[]): string[] {
  return [...new Set(spans.map((s) => s.type))];
}

// A stable colour index (0..n-1) for an entity or PII type, so a type keeps its colour between
// analyses.
export function typeColor(type: string, n = 8): number {
  let h = 0;
  for (const c of type) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % n;
}

// ---- speech marks --------------------------------------------------------------------------

export interface SpeechMark {
  time: number; // ms from the start of the audio
  type: string; // word, sentence, ssml, viseme
  start?: number; // byte offsets into the text as sent (UTF-8)
  end?: number;
  value: string;
}

// Parses Polly's speech marks: one JSON object per line. Blank lines are skipped; a line that is
// not a mark object throws an Error naming the line number.
export function parseSpeechMarks(body: string): SpeechMark[] {
  const marks: SpeechMark[] = [];
  body.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`speech marks line ${i + 1}: not JSON`);
    }
    const m = v as Partial<SpeechMark>;
    if (!m || typeof m.time !== 'number' || typeof m.type !== 'string') {
      throw new Error(`speech marks line ${i + 1}: expected {time, type, ...}`);
    }
    marks.push({ time: m.time, type: m.type, start: m.start, end: m.end, value: String(m.value ?? '') });
  });
  return marks;
}

// Converts a UTF-8 byte offset into `text` to a UTF-16 index (what String.slice takes). An
// offset inside a character maps to that character's start; past the end, to the length.
export function byteToIndex(text: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > byteOffset) return i;
    bytes += size;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.length;
}

// The index in `marks` of the word being spoken at `timeMs`: the last word mark whose time is
// ≤ timeMs (marks are in time order), or -1 before the first word.
export function currentWord(marks: SpeechMark[], timeMs: number): number {
  let found = -1;
  for (let i = 0; i < marks.length; i++) {
    if (marks[i].type !== 'word') continue;
    if (marks[i].time <= timeMs) found = i;
    else break;
  }
  return found;
}

// "line 1, column 37" in a server message → the UTF-16 index of that place in `text` (lines and
// columns count from 1; columns in characters). null when the message has no position.
export function ssmlErrorPosition(message: string, text: string): { line: number; column: number; index: number } | null {
  const m = /line (\d+), column (\d+)/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const column = Number(m[2]);
  const lines = text.split('\n');
  let index = 0;
  for (let l = 0; l < line - 1 && l < lines.length; l++) index += lines[l].length + 1;
  const current = Array.from(lines[Math.min(line, lines.length) - 1] ?? '');
  index += current.slice(0, Math.max(0, column - 1)).join('').length;
  return { line, column, index: Math.min(index, text.length) };
}

// ---- voices --------------------------------------------------------------------------------

export interface Voice {
  id: string;
  language_code: string;
  language_name: string;
  gender: string;
  espeak_voice?: string;
  additional_language_codes?: string[];
}

// Voices grouped by language (groups sorted by language name, voices by id).
export function groupVoices(voices: Voice[]): { code: string; name: string; voices: Voice[] }[] {
  const groups = new Map<string, { code: string; name: string; voices: Voice[] }>();
  for (const v of voices) {
    const g = groups.get(v.language_code) ?? { code: v.language_code, name: v.language_name, voices: [] };
    g.voices.push(v);
    groups.set(v.language_code, g);
  }
  const out = [...groups.values()];
  out.sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
  for (const g of out) g.voices.sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

// ---- translation ---------------------------------------------------------------------------

export interface Pair {
  source: string;
  target: string;
  mode: string;
}

// How `source` reaches `target` with the installed pairs: 'direct', 'pivot' (through one third
// language, as the server tries) or null when it cannot. 'auto' and equal languages are 'direct'
// (the server decides, or nothing to do).
export function routeKind(pairs: Pair[], source: string, target: string): 'direct' | 'pivot' | null {
  if (source === 'auto' || source === target) return 'direct';
  if (pairs.some((p) => p.source === source && p.target === target)) return 'direct';
  const firstLegs = new Set(pairs.filter((p) => p.source === source).map((p) => p.target));
  return pairs.some((p) => firstLegs.has(p.source) && p.target === target) ? 'pivot' : null;
}

// ---- documents (Textract blocks) -----------------------------------------------------------

export interface BBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Block {
  BlockType: string;
  Id: string;
  Text?: string;
  Confidence?: number;
  Page?: number;
  RowIndex?: number;
  ColumnIndex?: number;
  EntityTypes?: string[];
  Geometry?: { BoundingBox?: { Left: number; Top: number; Width: number; Height: number } };
  Relationships?: { Type: string; Ids: string[] }[];
}

export type BoxLayer = 'word' | 'line' | 'cell';
export interface DrawnBox extends BBox {
  layer: BoxLayer;
  id: string;
  text: string;
  confidence?: number;
}

const LAYER_OF: Record<string, BoxLayer> = { WORD: 'word', LINE: 'line', CELL: 'cell', MERGED_CELL: 'cell' };

// The boxes of one page (1-based; blocks without Page count as page 1) for the given layers,
// in page shares (0..1) as Textract gives them. A cell's text is its child words' text.
export function pageBoxes(blocks: Block[], page: number, layers: BoxLayer[]): DrawnBox[] {
  const byId = new Map(blocks.map((b) => [b.Id, b]));
  const out: DrawnBox[] = [];
  for (const b of blocks) {
    const layer = LAYER_OF[b.BlockType];
    const box = b.Geometry?.BoundingBox;
    if (!layer || !box || !layers.includes(layer) || (b.Page ?? 1) !== page) continue;
    let text = b.Text ?? '';
    if (!text && layer === 'cell') text = childText(b, byId);
    out.push({ layer, id: b.Id, text, confidence: b.Confidence, left: box.Left, top: box.Top, width: box.Width, height: box.Height });
  }
  return out;
}

function childText(b: Block, byId: Map<string, Block>): string {
  const ids = b.Relationships?.filter((r) => r.Type === 'CHILD').flatMap((r) => r.Ids) ?? [];
  return ids.map((id) => byId.get(id)).filter((w) => w?.BlockType === 'WORD').map((w) => w!.Text ?? '').join(' ');
}

// ---- faces ---------------------------------------------------------------------------------

// A face's box in the image's pixels, as a share of the image (for an overlay that scales).
export function boxShare(box: BBox, width: number, height: number): BBox {
  const w = Math.max(width, 1);
  const h = Math.max(height, 1);
  return { left: box.left / w, top: box.top / h, width: box.width / w, height: box.height / h };
}

// ---- commands shown for the current input --------------------------------------------------

export type TextOperation = 'language' | 'sentiment' | 'entities' | 'pii' | 'keyPhrases' | 'syntax';

const AWS_OPERATION: Record<TextOperation, { cli: string; rest: string; lang: boolean }> = {
  language: { cli: 'detect-dominant-language', rest: 'detect-language', lang: false },
  sentiment: { cli: 'detect-sentiment', rest: 'sentiment', lang: true },
  entities: { cli: 'detect-entities', rest: 'entities', lang: true },
  pii: { cli: 'detect-pii-entities', rest: 'detect-pii?redact=true', lang: true },
  keyPhrases: { cli: 'detect-key-phrases', rest: 'key-phrases', lang: true },
  syntax: { cli: 'detect-syntax', rest: 'syntax', lang: true },
};

// `aws comprehend <operation> --endpoint-url ORIGIN [--language-code L] --text '...'`.
export function comprehendCli(op: TextOperation, origin: string, text: string, language: string): string {
  const o = AWS_OPERATION[op];
  const lines = [`aws comprehend ${o.cli} --endpoint-url ${shellQuote(origin.replace(/\/+$/, ''))}`];
  if (o.lang) lines.push(`  --language-code ${shellQuote(language)}`);
  lines.push(`  --text ${shellQuote(text)}`);
  return lines.join(' \\\n');
}

// The native REST call of the same analysis with curl.
export function textCurl(op: TextOperation, origin: string, text: string, language: string): string {
  const o = AWS_OPERATION[op];
  const body = o.lang ? { text, language_code: language } : { text };
  return [
    `curl -sS -X POST ${shellQuote(`${origin.replace(/\/+$/, '')}/api/v1/text/${o.rest}`)}`,
    `  -H 'Content-Type: application/json'`,
    `  --data-binary ${shellQuote(JSON.stringify(body))}`,
  ].join(' \\\n');
}

// ---- audio ---------------------------------------------------------------------------------

// Wraps raw 16-bit little-endian mono PCM (Polly's pcm format) in a WAV header, so an <audio>
// element can play it. An odd trailing byte is dropped.
export function pcmToWav(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const dataSize = pcm.length - (pcm.length % 2);
  const out = new Uint8Array(44 + dataSize);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, s: string) => { for (let i = 0; i < s.length; i++) out[offset + i] = s.charCodeAt(i); };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataSize, true);
  out.set(pcm.subarray(0, dataSize), 44);
  return out;
}

// The word marks of `text` as UTF-16 ranges (for highlighting), in time order.
export function wordRanges(text: string, marks: SpeechMark[]): { mark: number; from: number; to: number }[] {
  const out: { mark: number; from: number; to: number }[] = [];
  marks.forEach((m, i) => {
    if (m.type !== 'word' || m.start == null || m.end == null) return;
    const from = byteToIndex(text, m.start);
    const to = byteToIndex(text, m.end);
    if (to > from) out.push({ mark: i, from, to });
  });
  return out;
}
