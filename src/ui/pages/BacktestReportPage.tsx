import { PageHeader } from '../components/PageHeader';

export default function BacktestReportPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Backtest report" />
    </section>
  );
}
