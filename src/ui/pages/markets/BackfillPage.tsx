import { BackfillForm } from '../../components/markets/BackfillForm';
import { JobList } from '../../components/markets/JobList';

/** Backfill tab: the form for new downloads and the list of jobs with progress, Cancel and Resume. */
export default function BackfillPage() {
  return (
    <>
      <BackfillForm />
      <JobList />
    </>
  );
}
