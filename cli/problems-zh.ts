import { formatIssue, ISSUES_SHOWN, type IssuesError, type IssuesKind } from '../engine/core/errors.ts';
import { zhMessage } from '../web/problem-zh.ts';

/**
 * Problems for a terminal in Chinese (`LANG=zh_CN.UTF-8`, or `GEP_LANG=zh`): each problem's zh sentence (the
 * workbench's, web/problem-zh.ts) with the English line beneath it, so that nothing the English names is lost.
 */
const KIND_ZH: Record<IssuesKind, string> = {
  model: '模型',
  dataset: '数据集',
  run: '运行',
  scenario: '情景',
  config: '配置',
  command: '命令',
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The zh HTML as terminal text: <code>x</code> → 「x」, entities decoded. */
function text(html: string): string {
  return html.replace(/<code>(.*?)<\/code>/g, '「$1」').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}

export function zhIssues(e: IssuesError): string {
  const n = e.issues.length;
  const lines = [`${KIND_ZH[e.kind]}中有 ${n} 个问题 (${n} problem${n === 1 ? '' : 's'} in the ${e.kind}):`];
  for (const i of e.issues.slice(0, ISSUES_SHOWN)) {
    lines.push(`  - ${text(zhMessage(i).html)}`);
    lines.push(`    ${formatIssue(i).replace(/^\s*-\s*/, '')}`);
  }
  if (n > ISSUES_SHOWN) lines.push(`  … 另有 ${n - ISSUES_SHOWN} 个 (and ${n - ISSUES_SHOWN} more)`);
  return lines.join('\n');
}

/** The terminal's language: GEP_LANG (zh or en) first, else the locale (LC_ALL, LC_MESSAGES, LANG) zh_* → zh. */
export function terminalLang(env: NodeJS.ProcessEnv): 'zh' | 'en' {
  const own = env.GEP_LANG?.toLowerCase();
  if (own === 'zh' || own === 'en') return own;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.-]|$)/i.test(locale) ? 'zh' : 'en';
}
