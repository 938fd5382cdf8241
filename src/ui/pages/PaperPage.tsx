import { SectionPage } from '../components/SectionPage';

export default function PaperPage() {
  return <SectionPage path="/paper" />;
}
