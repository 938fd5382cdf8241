import { ImportPanel } from '../../components/ImportPanel';
import { ExportTable } from '../../components/markets/ExportTable';

/** Import & export tab: candle files in (three formats, checked row by row) and out (the standard CSV). */
export default function ImportExportPage() {
  return (
    <>
      <ImportPanel />
      <ExportTable />
    </>
  );
}
