// The rows of an inventory CSV: what a good row says, and how a rejected one is reported.

/** The columns an import needs, by name; any others (hotel_name, booked, …) are ignored. */
export const IMPORT_COLUMNS = ['room_type_id', 'night', 'allotment', 'price', 'stop_sell'] as const;

/** The columns of an export, in order; an export can be edited and imported back. */
export const EXPORT_COLUMNS = ['hotel_id', 'hotel_name', 'room_type_id', 'room_name', 'night', 'allotment', 'booked', 'price', 'stop_sell'] as const;

/** At most this many rejected rows are listed; the count says how many there were in all. */
export const MAX_REJECTED = 1000;

/** One valid row: the night of a room type, and what to set (undefined: leave as it is). */
export interface ImportRow {
  /** Line of the file the row ends on (1 = the header). */
  line: number;
  roomTypeId: string;
  night: string;
  allotment?: number;
  /** fen */
  price?: number;
  stopSell?: boolean;
}

/** A row that cannot be applied, and why. */
export interface RejectedRow {
  line: number;
  roomTypeId: string | null;
  night: string | null;
  reason: string;
}

/** What an import did (or, on a dry run, would do). */
export interface ImportReport {
  dryRun: boolean;
  /** Rows read (the header and empty lines not counted). */
  rows: number;
  /** Nights changed: created + updated. */
  applied: number;
  /** Nights that did not exist before. */
  created: number;
  /** Nights that existed and changed. */
  updated: number;
  /** Nights whose row asked for what they already had. */
  unchanged: number;
}

/** How far an import is, for a progress bar. */
export type ImportProgress = (phase: 'validating' | 'applying', done: number, total: number) => void;
