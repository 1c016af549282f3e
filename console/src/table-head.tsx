/** A table's header row: one column header per message. */
import { t, type MessageKey } from './i18n';

export function TableHead({ columns }: { columns: readonly MessageKey[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {t(c)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
