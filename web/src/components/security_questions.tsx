// Three security questions, each chosen from the guide's list, with an answer.
import { t, type StringKey } from '../i18n';
import type { SecurityQA } from '../api';

export const kQuestionKeys: StringKey[] = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];

export function defaultQuestions(): SecurityQA[] {
  return [0, 1, 2].map(i => ({ question: t(kQuestionKeys[i]), answer: '' }));
}

/** Null when valid, else the message to show. */
export function checkQuestions(qs: SecurityQA[]): string | null {
  if (new Set(qs.map(q => q.question)).size !== qs.length) return t('questions_distinct');
  if (qs.some(q => q.answer.trim() === '')) return t('answer_required');
  return null;
}

export function SecurityQuestions(props: { value: SecurityQA[]; onChange: (v: SecurityQA[]) => void }) {
  const set = (i: number, patch: Partial<SecurityQA>) =>
    props.onChange(props.value.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  return (
    <div class="questions">
      {props.value.map((q, i) => (
        <div class="qa">
          <label class="row"><span class="label">{t('security_question_n', { n: i + 1 })}</span>
            <select data-testid={`question-${i}`} value={q.question} onChange={e => set(i, { question: (e.target as HTMLSelectElement).value })}>
              {kQuestionKeys.map(k => <option value={t(k)}>{t(k)}</option>)}
            </select>
          </label>
          <label class="row"><span class="label">{t('answer_n', { n: i + 1 })}</span>
            <input data-testid={`answer-${i}`} value={q.answer} onInput={e => set(i, { answer: (e.target as HTMLInputElement).value })} />
          </label>
        </div>
      ))}
    </div>
  );
}
