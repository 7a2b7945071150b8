// How travellers say what FAQ entries write: colloquial words mapped to the word an operator would use.

/** [what travellers write, the word entries use]. Both sides of a search get the word, so either wording matches. */
const SYNONYMS: Array<[RegExp, string]> = [
  [/开票|报销|收据|fapiao/, '发票'],
  [/晚点退房|晚些退房|晚退房|推迟退房|退房晚/, '延迟退房'],
  [/早点入住|早些入住|早入住/, '提前入住'],
  [/老外|外籍|外宾/, '外国人'],
  [/狗狗|小狗|猫咪|小猫|带狗|带猫/, '宠物'],
  [/接机|送机|机场接|机场送/, '机场接送'],
  [/存行李|放行李|存包|放包|行李寄存/, '寄存行李'],
  [/保证金|预授权/, '押金'],
  [/早饭|早点(?!入住)/, '早餐'],
  [/车位|泊车|停车位|停车场/, '停车'],
  [/小孩|孩子|宝宝|小朋友/, '儿童'],
  [/无线网|上网|网络/, 'wifi'],
];

/**
 * The text with the entries' word added after each colloquial one it contains ("开不开票" also says 发票), so
 * character bigrams meet across wordings.
 * @example withSynonyms('能晚点退房吗') // '能晚点退房吗 延迟退房'
 */
export function withSynonyms(text: string): string {
  const extra: string[] = [];
  for (const [re, word] of SYNONYMS) if (re.test(text)) extra.push(word);
  return extra.length ? `${text} ${extra.join(' ')}` : text;
}
