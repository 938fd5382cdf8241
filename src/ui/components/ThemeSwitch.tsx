import { For } from 'solid-js';
import { setThemeChoice, themeChoice, type ThemeChoice } from '../../app/theme';

const CHOICES: Array<{ value: ThemeChoice; label: string }> = [
  { value: 'system', label: 'Auto' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeSwitch() {
  return (
    <div class="segmented" role="group" aria-label="Theme">
      <For each={CHOICES}>
        {(c) => (
          <button type="button" aria-pressed={themeChoice() === c.value} onClick={() => setThemeChoice(c.value)}>
            {c.label}
          </button>
        )}
      </For>
    </div>
  );
}
