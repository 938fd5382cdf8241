import type { JSX } from 'solid-js';

export function PageHeader(props: { title: string; subtitle?: string; actions?: JSX.Element }) {
  return (
    <header class="row" style={{ 'justify-content': 'space-between', 'margin-bottom': '8px' }}>
      <div>
        <h1 id="page-title" tabindex="-1">
          {props.title}
        </h1>
        {props.subtitle && <p class="muted">{props.subtitle}</p>}
      </div>
      {props.actions}
    </header>
  );
}
