// Waiting for something, but never longer than a grace: the stops of the server, the job queues and the pools.

/**
 * Waits for `work` at most `ms` milliseconds: true when it settled in time (a rejection counts as settled and is
 * swallowed), false when the time ran out first.
 * @example if (!(await within(workers.close(), graceMs))) handBackRunningJobs();
 */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    work.then(() => true, () => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}
