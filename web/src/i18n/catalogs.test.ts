// The catalogs are complete: en and vi have exactly the same keys, no value is empty, placeholders
// match between the languages, and every key literal the studio's source passes to t(), tn(),
// tOr() or rich() exists in English (the source files are scanned, so a typo fails here rather
// than showing a raw key on screen).
import { afterEach, describe, expect, it } from 'vitest';
import { formatRelativeTime, setLocale, t, tn } from '.';
import { en } from './en';
import { vi } from './vi';

// Every source file of the studio as text (Vite's glob import; tests excluded below).
const SOURCES = import.meta.glob('../**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => setLocale('en'));

describe('catalogs', () => {
  it('have the same keys in English and Vietnamese', () => {
    const enKeys = Object.keys(en).sort();
    const viKeys = Object.keys(vi).sort();
    expect(viKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in vi))).toEqual([]);
    expect(enKeys.length).toBeGreaterThan(300);
  });

  it('have no empty values', () => {
    for (const [name, catalog] of [['en', en], ['vi', vi]] as const) {
      const empty = Object.entries(catalog).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
      expect(empty.map(([k]) => `${name}:${k}`)).toEqual([]);
    }
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = Object.keys(en).filter(
      (k) => k in vi && placeholders(en[k]).join() !== placeholders(vi[k]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('are really translated: most Vietnamese strings differ from English and carry diacritics', () => {
    const keys = Object.keys(en);
    const same = keys.filter((k) => en[k] === vi[k]);
    expect(same.length / keys.length).toBeLessThan(0.15);
    const withDiacritics = keys.filter((k) => /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(vi[k]));
    expect(withDiacritics.length / keys.length).toBeGreaterThan(0.6);
  });

  it('contain every key the source uses', () => {
    const files = Object.keys(SOURCES).filter((f) => !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(30);
    const used = new Map<string, string>();
    const literal = /\b(?:t|tn|tOr|rich)\(\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g;
    for (const file of files) {
      const text = SOURCES[file];
      for (const m of text.matchAll(literal)) used.set(m[1], file);
      // t(cond ? 'a.b' : 'c.d'): both branches are keys.
      for (const m of text.matchAll(/\bt\(\s*[\w.!]+ \? '([\w.-]+)' : '([\w.-]+)'/g)) {
        used.set(m[1], file);
        used.set(m[2], file);
      }
    }
    expect(used.size).toBeGreaterThan(300);
    const missing: string[] = [];
    for (const [key, file] of used) {
      const pluralOk = `${key}_other` in en && `${key}_one` in en;
      if (!(key in en) && !pluralOk) missing.push(`${key} (${file})`);
    }
    expect(missing).toEqual([]);
  });
});

describe('t and tn', () => {
  it('switch language and fill placeholders', () => {
    setLocale('en');
    expect(t('datasets.delete.title', { name: 'iris', version: 2 })).toBe('Delete iris v2?');
    setLocale('vi');
    expect(t('datasets.delete.title', { name: 'iris', version: 2 })).toBe('Xóa iris v2?');
    expect(t('common.nav.datasets')).toBe('Tập dữ liệu');
  });

  it('pick plural forms and format the count per locale', () => {
    setLocale('en');
    expect(tn('common.rows', 1)).toBe('1 row');
    expect(tn('common.rows', 150000)).toBe('150,000 rows');
    setLocale('vi');
    expect(tn('common.rows', 150000)).toBe('150.000 hàng');
  });

  it('show the key itself when it is missing', () => {
    expect(t('nope.not.a.key')).toBe('nope.not.a.key');
  });

  it('format relative times per locale', () => {
    const now = Date.UTC(2024, 0, 10, 12, 0, 0);
    setLocale('en');
    expect(formatRelativeTime(now - 3 * 60_000, now)).toBe('3 minutes ago');
    setLocale('vi');
    expect(formatRelativeTime(now - 3 * 60_000, now)).toBe('3 phút trước');
  });
});
