/**
 * Search terms for knowledge suggestions while typing. The knowledge API matches every given term
 * (ILIKE), and Chinese has no spaces, so a typed sentence is cut into short terms: Latin words and
 * Chinese bigrams, most recent first, without the bigrams every request contains.
 */
const COMMON = new Set([
  '客户', '咨询', '请问', '我们', '你们', '他们', '什么', '怎么', '为什么', '一下', '可以', '要求', '问题', '情况', '现在', '没有', '是否', '如何', '需要',
  '反映', '来电', '表示', '希望', '一个', '这个', '那个', '已经', '还是', '因为', '所以', '但是', '如果', '知道', '告诉', '的时', '时候', '了解',
]);

export function kbTerms(text: string, max = 5): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (t: string) => {
    if (!seen.has(t) && !COMMON.has(t)) {
      seen.add(t);
      out.push(t);
    }
  };
  const runs = text.match(/[\u4e00-\u9fff]+|[A-Za-z0-9]{2,}/g) ?? [];
  for (let r = runs.length - 1; r >= 0 && out.length < max * 3; r--) {
    const run = runs[r];
    if (!/[\u4e00-\u9fff]/.test(run)) {
      add(run.toLowerCase());
      continue;
    }
    for (let i = run.length - 2; i >= 0; i--) add(run.slice(i, i + 2));
  }
  return out.slice(0, max);
}
