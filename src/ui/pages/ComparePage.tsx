import { PageHeader } from '../components/PageHeader';

export default function ComparePage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Compare backtests" />
    </section>
  );
}
