import { describe, expect, it } from 'vitest';
import { chartHref, parseChartQuery } from './link';

describe('chart links', () => {
  it('writes the parameters that are set, URI-encoded, and reads them back', () => {
    const href = chartHref({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '5m', time: 1728000000000, backtest: 3, trade: 0 });
    expect(href).toBe('/chart?exchange=binance&symbol=BTC%2FUSDT&timeframe=5m&time=1728000000000&backtest=3&trade=0');
    expect(parseChartQuery(href.slice('/chart'.length))).toEqual({
      link: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '5m', time: 1728000000000, backtest: 3, trade: 0 },
      errors: [],
    });
    expect(chartHref({})).toBe('/chart');
  });

  it('reads ISO times, strategy names in any case and the date filter', () => {
    const { link, errors } = parseChartQuery('?symbol=ETH%2FUSDT&time=2024-10-14T10:00&strategy=hma_sma&from=2024-10-01&to=2024-10-31&view=1h');
    expect(errors).toEqual([]);
    expect(link).toEqual({ symbol: 'ETH/USDT', time: Date.UTC(2024, 9, 14, 10), strategy: 'HMA_SMA', from: Date.UTC(2024, 9, 1), to: Date.UTC(2024, 9, 31), view: '1h' });
  });

  it('reports each bad parameter by name and value', () => {
    const { link, errors } = parseChartQuery('timeframe=7m&time=yesterday&backtest=0&trade=-1&from=2024-02-01&to=2024-01-01');
    expect(errors).toEqual([
      'timeframe: "7m" is not a timeframe (1m 5m 15m 30m 1h 4h 1d 1w 1M)',
      'time: "yesterday" is not a time (UTC milliseconds or ISO 8601)',
      'backtest: "0" is not a backtest number (1, 2, 3…)',
      'trade: "-1" is not a trade index (0, 1, 2…)',
      'from: 2024-02-01T00:00:00.000Z is after to 2024-01-01T00:00:00.000Z',
    ]);
    expect(link).toEqual({});
  });

  it('names a paper session whose trades are drawn; with a backtest too, the backtest wins and the session is reported', () => {
    const href = chartHref({ exchange: 'demo', symbol: 'WILD/USDT', timeframe: '1h', session: 'sess 1', trade: 2 });
    expect(href).toBe('/chart?exchange=demo&symbol=WILD%2FUSDT&timeframe=1h&session=sess%201&trade=2');
    expect(parseChartQuery(href.slice('/chart'.length))).toEqual({ link: { exchange: 'demo', symbol: 'WILD/USDT', timeframe: '1h', session: 'sess 1', trade: 2 }, errors: [] });
    expect(parseChartQuery('backtest=4&session=abc')).toEqual({
      link: { backtest: 4 },
      errors: ['session: "abc" cannot be drawn with backtest #4; the backtest\'s trades are shown'],
    });
  });
});
