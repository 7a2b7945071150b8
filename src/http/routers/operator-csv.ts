// Sending a CSV export: headers, the lines as they come (with backpressure), and a cut connection on a late failure.
import { once } from 'node:events';
import type { Response } from 'express';

/**
 * Streams a CSV download. `run` writes the lines; scope and input are checked before it is called, so a 4xx still
 * answers as JSON. A failure after the first line can only cut the connection (the status is sent already), which
 * a client sees as an incomplete download rather than a file that looks whole.
 * @example await sendCsv(res, 'inventory.csv', await s.operators.exportInventory(me, q));
 */
export async function sendCsv(res: Response, filename: string, run: (write: (chunk: string) => unknown) => Promise<number>): Promise<void> {
  res.status(200);
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.set('Cache-Control', 'no-store');
  try {
    await run(async (chunk) => {
      if (!res.write(chunk)) await once(res, 'drain');
    });
    res.end();
  } catch (err) {
    if (!res.headersSent) throw err;
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
