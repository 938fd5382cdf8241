import { SectionPage } from '../components/SectionPage';

export default function RobustnessPage() {
  return <SectionPage path="/robustness" />;
}
