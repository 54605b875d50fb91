/** Text with the given terms marked (<mark>), case-insensitive, longest term first where they overlap. */
import type { ReactNode } from 'react';

export default function Highlight({ text, terms }: { text: string; terms: string[] }) {
  const ts = [...new Set(terms.filter(Boolean).map((t) => t.toLowerCase()))].sort((a, b) => b.length - a.length);
  if (!ts.length) return <>{text}</>;
  const lower = text.toLowerCase();
  const out: ReactNode[] = [];
  let plain = 0;
  for (let i = 0; i < text.length;) {
    const t = ts.find((x) => lower.startsWith(x, i));
    if (!t) {
      i++;
      continue;
    }
    if (plain < i) out.push(text.slice(plain, i));
    out.push(
      <mark key={i} className="gd-kb-hit">
        {text.slice(i, i + t.length)}
      </mark>,
    );
    i += t.length;
    plain = i;
  }
  if (plain < text.length) out.push(text.slice(plain));
  return <>{out}</>;
}
