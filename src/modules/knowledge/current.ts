/**
 * Which articles are in force: published, and today within their validity dates. Everyone with
 * knowledge.read sees these; drafts, archived, expired and not-yet-valid articles are the
 * editors' working set (knowledge.write). A work order may cite only an article in force.
 */
export const currentArticleSql = (alias = '') => {
  const a = alias ? `${alias}.` : '';
  return `(${a}status = 'published' AND (${a}valid_from IS NULL OR ${a}valid_from <= current_date) AND (${a}valid_to IS NULL OR ${a}valid_to >= current_date))`;
};
