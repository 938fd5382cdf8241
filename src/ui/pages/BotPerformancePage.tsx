import { SectionPage } from '../components/SectionPage';

export default function BotPerformancePage() {
  return <SectionPage path="/bot-performance" />;
}
