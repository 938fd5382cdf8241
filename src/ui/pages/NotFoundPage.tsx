import { A, useLocation } from '@solidjs/router';
import { PageHeader } from '../components/PageHeader';

export default function NotFoundPage() {
  const location = useLocation();
  return (
    <section>
      <PageHeader title="Page not found" />
      <p>
        There is no page at <code>{location.pathname}</code>.
      </p>
      <p>
        <A class="btn primary" href="/">
          Go to the start page
        </A>
      </p>
    </section>
  );
}
