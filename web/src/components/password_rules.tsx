// The password rules of the guide, ticked live as the user types.
import { t } from '../i18n';
import type { PasswordCheck } from '../validation';

export function PasswordRules(props: { check: PasswordCheck }) {
  const item = (ok: boolean, label: string, id: string) =>
    <li class={ok ? 'ok' : 'pending'} data-testid={`rule-${id}`} data-ok={String(ok)}>{ok ? '✓' : '•'} {label}</li>;
  return (
    <ul class="pwrules">
      {item(props.check.length, t('rule_length'), 'length')}
      {item(props.check.types, t('rule_types'), 'types')}
      {item(props.check.match, t('rule_match'), 'match')}
    </ul>
  );
}
