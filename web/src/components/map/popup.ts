/** A small popup body: a title and label/value lines, built with textContent (no HTML injection). */
export function popupBody(title: string, lines: [string, string | number | null | undefined][]): HTMLElement {
  const d = document.createElement('div');
  const h = document.createElement('div');
  h.style.fontWeight = '600';
  h.style.marginBottom = '4px';
  h.textContent = title;
  d.appendChild(h);
  for (const [k, v] of lines) {
    if (v === null || v === undefined || v === '') continue;
    const row = document.createElement('div');
    row.textContent = `${k}: ${v}`;
    d.appendChild(row);
  }
  return d;
}
