import { SectionPage } from '../components/SectionPage';

export default function ChartPage() {
  return <SectionPage path="/chart" />;
}
