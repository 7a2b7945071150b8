// The booking domain's face.
export { BookingService, type BookingDeps, type ReservationFilter, type ReservationChange } from './service.ts';
export * from './types.ts';
export * from './schemas.ts';
export { resolveCity, cityForHotel, knownCities, cityKey, type City } from './cities.ts';
export { AMENITIES, AMENITY_CODES, amenityFromWord, amenityLabel, isAmenityCode, type AmenityCode } from './amenities.ts';
export { isReservationCode } from './codes.ts';
export { checkStayDates, freeCancellationUntil } from './stay.ts';
export type { HotelDetails } from './hotel-details.ts';
