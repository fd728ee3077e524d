import { Button } from './ui';

/**
 * A whole number between `min` and `max`, stepped by buttons named in Chinese (issue 25: Ant
 * Design's InputNumber names its buttons "Increase Value" and "Decrease Value", which a screen
 * reader reads to a Chinese user as is). Controlled: the form keeps `value`.
 */
export function Stepper({
  label,
  unit,
  min,
  max,
  value,
  onChange,
}: {
  /** What is counted, in the buttons' names: `延期工作日` gives `减少延期工作日` / `增加延期工作日`. */
  label: string;
  unit?: string;
  min: number;
  max: number;
  value?: number;
  onChange?: (next: number) => void;
}) {
  const current = value ?? min;
  const set = (next: number) => onChange?.(Math.min(max, Math.max(min, next)));
  return (
    <span className="desk-compact">
      <Button aria-label={`减少${label}`} disabled={current <= min} onClick={() => set(current - 1)}>
        −
      </Button>
      <output aria-label={label} aria-live="polite" className="desk-stepper-value">
        {current}
        {unit ? ` ${unit}` : ''}
      </output>
      <Button aria-label={`增加${label}`} disabled={current >= max} onClick={() => set(current + 1)}>
        +
      </Button>
    </span>
  );
}
