import { useId } from 'react';

type Props = {
  label: string;
  /** The first choice, which filters nothing ("Any service"). */
  any: string;
  value: string;
  options: [value: string, label: string][];
  onChange: (value: string) => void;
};

/** One filter of a list: "any" or one of the values the list holds. */
export function FilterSelect({ label, any, value, options, onChange }: Props) {
  const id = useId();
  // A filter from a bookmarked address that nothing has any more still shows as chosen.
  const all = value && !options.some(([v]) => v === value) ? [...options, [value, value]] : options;
  return (
    <div className="field records-filter">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">{any}</option>
        {all.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
