import { SectionPage } from '../components/SectionPage';

export default function BacktestsPage() {
  return <SectionPage path="/backtests" />;
}
