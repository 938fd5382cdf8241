import { PageHeader } from '../components/PageHeader';

export default function VolatilityReportPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Volatility report" />
    </section>
  );
}
