// The operator domain's face: tenants, staff accounts and sign-in, hotels, room types and nightly inventory.
import type { Db } from '../../db/index.ts';
import type { Clock } from '../clock.ts';
import type { Keys } from '../security/index.ts';
import { login, me, type LoginResult, type MeView } from './auth.ts';
import type { HotelInput, HotelListQuery, HotelPatch } from './hotel-schemas.ts';
import { createHotel, getHotel, listHotels, updateHotel, type HotelPage } from './hotels.ts';
import type { HotelView } from './hotel-view.ts';
import { getInventory, setHotelInventory, setInventory, type InventoryNight, type RoomTypeNights } from './inventory.ts';
import { exportInventoryCsv, importInventory, type ImportProgress, type ImportReport, type InventoryExportQuery } from './inventory-csv/index.ts';
import {
  exportReservationsCsv, reservationDetail, searchReservations, type ReservationCsvQuery, type ReservationDetail, type ReservationListQuery,
} from './reservations/index.ts';
import { dashboardStats, type Stats, type StatsQuery } from './stats/index.ts';
import type { ReservationView } from '../booking/index.ts';
import { createRoomType, listRoomTypes, roomTypeInScope, updateRoomType, type RoomTypeView } from './room-types.ts';
import type { HotelInventoryInput, InventoryInput, InventoryQuery, LoginInput, RoomTypeInput, RoomTypePatch, TenantInput, UserInput } from './schemas.ts';
import type { Staff } from './scope.ts';
import { createTenant, listTenants, type TenantView } from './tenants.ts';
import { createUser } from './users.ts';

export { ensureAdmin } from './auth.ts';
export * from './schemas.ts';
export * from './hotel-schemas.ts';
export { DEFAULT_STARS, gradeForStars, starsFitTier } from './stars.ts';
export { tenantScope, type Staff } from './scope.ts';
export { reservationCsvQuery, reservationListQuery } from './reservations/index.ts';
export { statsQuery } from './stats/index.ts';
export { EXPORT_COLUMNS, IMPORT_COLUMNS, MAX_REJECTED } from './inventory-csv/index.ts';
export type { HotelPage, HotelView, InventoryNight, LoginResult, MeView, RoomTypeView, TenantView };
export type { ImportProgress, ImportReport, InventoryExportQuery, ReservationDetail, RoomTypeNights, Stats };
export type { RejectedRow } from './inventory-csv/index.ts';
export type { DayStats, HotelOccupancy } from './stats/index.ts';

/** What the service needs. */
export interface OperatorDeps {
  db: Db;
  clock: Clock;
  keys: Keys;
  /** The zone stay dates are read in (TZ_HOTELS). */
  timeZone: string;
}

/**
 * Everything operators, agents and admins do to the platform's catalogue. Every method takes the acting member of
 * staff and enforces the tenant rule itself: another tenant's id answers 404 exactly like an unknown one; agents
 * read but do not write (403); tenants and users are the admin's (403). Input is validated at the edge with the
 * schemas exported here.
 * @example
 * const { id } = await operators.createHotel(staff, { name: '西湖宾馆', city: '杭州', tier: 'comfort' });
 * await operators.setInventory(staff, roomTypeId, { from: '2026-12-01', to: '2027-01-01', allotment: 8 });
 */
export class OperatorService {
  constructor(private readonly deps: OperatorDeps) {}

  /** Checks email and password; 401 `invalid_credentials` for an unknown email and a wrong password alike. */
  login(input: LoginInput): Promise<LoginResult> {
    return login(this.deps.db, this.deps.keys, input, this.deps.clock.now());
  }

  /** The signed-in account. */
  me(s: Staff): Promise<MeView> {
    return me(this.deps.db, s);
  }

  /** Creates a tenant (admin). */
  createTenant(s: Staff, input: TenantInput): Promise<{ id: string }> {
    return createTenant(this.deps.db, s, input, this.deps.clock.now());
  }

  /** Every tenant (admin), or the caller's own. */
  listTenants(s: Staff): Promise<TenantView[]> {
    return listTenants(this.deps.db, s);
  }

  /** Creates an operator or agent of a tenant (admin). */
  createUser(s: Staff, input: UserInput): Promise<{ id: string }> {
    return createUser(this.deps.db, s, input, this.deps.clock.now());
  }

  /** Creates a hotel of the caller's tenant (or, for an admin, of `input.tenantId`). */
  createHotel(s: Staff, input: HotelInput): Promise<{ id: string }> {
    return createHotel(this.deps.db, s, input, this.deps.clock.now());
  }

  /** A page of the hotels in scope. */
  listHotels(s: Staff, q: HotelListQuery): Promise<HotelPage> {
    return listHotels(this.deps.db, s, q);
  }

  /** One hotel in scope. */
  getHotel(s: Staff, id: string): Promise<HotelView> {
    return getHotel(this.deps.db, s, id);
  }

  /** Partially updates a hotel in scope. */
  updateHotel(s: Staff, id: string, patch: HotelPatch): Promise<HotelView> {
    return updateHotel(this.deps.db, s, id, patch, this.deps.clock.now());
  }

  /** Adds a room type to a hotel in scope. */
  createRoomType(s: Staff, hotelId: string, input: RoomTypeInput): Promise<{ id: string }> {
    return createRoomType(this.deps.db, s, hotelId, input, this.deps.clock.now());
  }

  /** The room types of a hotel in scope. */
  listRoomTypes(s: Staff, hotelId: string): Promise<RoomTypeView[]> {
    return listRoomTypes(this.deps.db, s, hotelId);
  }

  /** One room type in scope. */
  getRoomType(s: Staff, id: string): Promise<RoomTypeView> {
    return roomTypeInScope(this.deps.db, s, id);
  }

  /** Partially updates a room type in scope. */
  updateRoomType(s: Staff, id: string, patch: RoomTypePatch): Promise<RoomTypeView> {
    return updateRoomType(this.deps.db, s, id, patch);
  }

  /** Sets a range of nights; all or nothing. */
  setInventory(s: Staff, roomTypeId: string, input: InventoryInput): Promise<InventoryNight[]> {
    return setInventory(this.deps.db, s, roomTypeId, input);
  }

  /** The nights of a range that have inventory. */
  getInventory(s: Staff, roomTypeId: string, q: InventoryQuery): Promise<InventoryNight[]> {
    return getInventory(this.deps.db, s, roomTypeId, q);
  }

  /** Sets a range of nights for every room type of a hotel (or some); all or nothing. */
  setHotelInventory(s: Staff, hotelId: string, input: HotelInventoryInput): Promise<RoomTypeNights[]> {
    return setHotelInventory(this.deps.db, s, hotelId, input);
  }

  /** The calendar as CSV: checks scope, then returns the writer of its lines. */
  exportInventory(s: Staff, q: InventoryExportQuery): Promise<(write: (chunk: string) => unknown) => Promise<number>> {
    return exportInventoryCsv(this.deps.db, s, q);
  }

  /** Imports an inventory CSV: all rows or none; 422 `invalid_csv` lists the bad ones. */
  importInventory(s: Staff, csv: string, opts: { dryRun?: boolean; onProgress?: ImportProgress } = {}): Promise<ImportReport> {
    return importInventory(this.deps.db, s, csv, opts);
  }

  /** Reservations in scope, searched by code, guest name or the phone's last four digits. */
  searchReservations(s: Staff, q: ReservationListQuery): Promise<ReservationView[]> {
    return searchReservations(this.deps.db, this.deps.keys, this.deps.timeZone, s, q);
  }

  /** One reservation in scope with its history; the phone masked. */
  reservationDetail(s: Staff, code: string): Promise<ReservationDetail> {
    return reservationDetail(this.deps.db, this.deps.timeZone, s, code);
  }

  /** Reservations of a filter as CSV (BOM, phones masked): checks scope, then returns the writer. */
  exportReservations(s: Staff, q: ReservationCsvQuery): Promise<(write: (chunk: string) => unknown) => Promise<number>> {
    return exportReservationsCsv(this.deps.db, s, q);
  }

  /** The dashboard over a range of days. */
  stats(s: Staff, q: StatsQuery): Promise<Stats> {
    return dashboardStats(this.deps.db, this.deps.timeZone, s, q, this.deps.clock.now());
  }
}
