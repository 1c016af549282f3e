/** A row of toggle buttons choosing one view (aria-pressed tells which). */
import { t, type MessageKey } from './i18n';

export function Tabs<K extends MessageKey>({ label, options, value, onChange }: { label: string; options: readonly K[]; value: K; onChange: (k: K) => void }) {
  return (
    <div class="tabs" role="group" aria-label={label}>
      {options.map((k) => (
        <button key={k} type="button" aria-pressed={value === k} onClick={() => onChange(k)}>
          {t(k)}
        </button>
      ))}
    </div>
  );
}
