// Translated text with React elements in it: rich('build.job.timeLeft', { time: <strong>2 m</strong> })
// fills {time} with the element and the other placeholders with text, so word order stays the
// translator's ("About 2 m left" / "Còn khoảng 2 phút"). Same catalogs and fallbacks as t().
import { Fragment, type ReactNode } from 'react';
import { t } from '.';

export function rich(key: string, params: Record<string, ReactNode>): ReactNode {
  const text: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') text[k] = v;
  }
  // t() fills the text parameters and leaves {name} for the elements.
  const parts = t(key, text).split(/(\{\w+\})/);
  return parts.map((part, i) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return <Fragment key={i}>{m && m[1] in params ? params[m[1]] : part}</Fragment>;
  });
}
