import { SectionPage } from '../components/SectionPage';

export default function SignalsPage() {
  return <SectionPage path="/signals" />;
}
