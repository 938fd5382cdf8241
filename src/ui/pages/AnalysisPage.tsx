import { SectionPage } from '../components/SectionPage';

export default function AnalysisPage() {
  return <SectionPage path="/analysis" />;
}
