// The operator's reservations: search, detail and the CSV export (confirm and cancel are the booking service's).
export { searchReservations } from './search.ts';
export { reservationDetail, type ReservationDetail, type StatusChange } from './detail.ts';
export { exportReservationsCsv, RESERVATION_CSV_COLUMNS } from './csv.ts';
export { reservationCsvQuery, reservationListQuery, type ReservationCsvQuery, type ReservationListQuery } from './schemas.ts';
