/** The code of the error when a chart task names a session its worker does not hold (the page then opens it again). */
export const CHART_SESSION_MISSING = 'CHART_SESSION_MISSING';
