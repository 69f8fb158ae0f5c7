import { Badge } from '../../../components';
import { useT } from '../../../i18n';
import { complianceTone, type Compliance } from '../compliance';

/** "83% compliant" (or "No results yet"), coloured by level, with the counts as its title. */
export function ComplianceBadge({ value }: { value: Compliance | undefined }) {
  const { t } = useT('catalogs');
  const pct = value?.pct ?? null;
  return (
    <span title={value ? t('compliance.detail', { ...value }) : undefined}>
      <Badge tone={complianceTone(pct)}>
        {pct === null ? t('compliance.none') : t('compliance.value', { pct })}
      </Badge>
    </span>
  );
}
