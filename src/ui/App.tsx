import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { Layout } from './components/Layout';
import HomePage from './pages/HomePage';

const MarketsPage = lazy(() => import('./pages/MarketsPage'));
const ChartPage = lazy(() => import('./pages/ChartPage'));
const SignalsPage = lazy(() => import('./pages/SignalsPage'));
const BacktestsPage = lazy(() => import('./pages/BacktestsPage'));
const BacktestReportPage = lazy(() => import('./pages/BacktestReportPage'));
const ComparePage = lazy(() => import('./pages/ComparePage'));
const VolatilityReportPage = lazy(() => import('./pages/VolatilityReportPage'));
const RobustnessPage = lazy(() => import('./pages/RobustnessPage'));
const PaperPage = lazy(() => import('./pages/PaperPage'));
const BotPerformancePage = lazy(() => import('./pages/BotPerformancePage'));
const AnalysisPage = lazy(() => import('./pages/AnalysisPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={HomePage} />
      <Route path="/markets/*sub" component={MarketsPage} />
      <Route path="/chart" component={ChartPage} />
      <Route path="/signals" component={SignalsPage} />
      <Route path="/backtests" component={BacktestsPage} />
      <Route path="/backtests/compare" component={ComparePage} />
      <Route path="/backtests/volatility" component={VolatilityReportPage} />
      <Route path="/backtests/:seq" component={BacktestReportPage} />
      <Route path="/robustness" component={RobustnessPage} />
      <Route path="/paper" component={PaperPage} />
      <Route path="/bot-performance" component={BotPerformancePage} />
      <Route path="/analysis" component={AnalysisPage} />
      <Route path="/settings" component={SettingsPage} />
      <Route path="*404" component={NotFoundPage} />
    </Router>
  );
}
