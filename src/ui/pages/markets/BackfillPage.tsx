import { BackfillForm } from '../../components/markets/BackfillForm';
import { BackfillJobList } from '../../components/markets/BackfillJobList';

/** Backfill tab: the form for new downloads and the list of jobs with progress, Cancel and Resume. */
export default function BackfillPage() {
  return (
    <>
      <BackfillForm />
      <BackfillJobList />
    </>
  );
}
