// The room types a seeded hotel offers: a ladder per tier, the cheapest priced at the hotel's base price.
import type { Prng } from './prng.ts';
import type { RoomTypeSeed, Tier } from './types.ts';

interface Rung {
  name: string;
  nameEn: string;
  capacity: number;
  /** Price relative to the cheapest room type, in percent. */
  markup: number;
  /** Rooms of this type per night. */
  allotment: [number, number];
}

const rung = (name: string, nameEn: string, capacity: number, markup: number, allotment: [number, number]): Rung => ({
  name,
  nameEn,
  capacity,
  markup,
  allotment,
});

/** Ladders, cheapest first; a hotel takes the first two to four rungs of one of its tier's ladders. */
const LADDERS: Record<Tier, Rung[][]> = {
  budget: [
    [rung('大床房', 'Queen Room', 2, 100, [8, 20]), rung('双床房', 'Twin Room', 2, 108, [8, 20]), rung('三人间', 'Triple Room', 3, 135, [3, 8])],
    [rung('单人间', 'Single Room', 1, 100, [5, 15]), rung('大床房', 'Queen Room', 2, 115, [8, 20]), rung('双床房', 'Twin Room', 2, 122, [8, 20])],
  ],
  comfort: [
    [
      rung('大床房', 'Queen Room', 2, 100, [8, 20]),
      rung('双床房', 'Twin Room', 2, 105, [8, 20]),
      rung('豪华大床房', 'Deluxe King Room', 2, 130, [5, 12]),
      rung('家庭房', 'Family Room', 4, 160, [3, 6]),
    ],
  ],
  luxury: [
    [
      rung('豪华大床房', 'Deluxe King Room', 2, 100, [8, 20]),
      rung('豪华双床房', 'Deluxe Twin Room', 2, 105, [8, 20]),
      rung('行政大床房', 'Executive King Room', 2, 140, [4, 10]),
      rung('行政套房', 'Executive Suite', 3, 220, [3, 5]),
    ],
  ],
};

/** Fen rounded to whole yuan. */
const wholeYuan = (fen: number) => Math.round(fen / 100) * 100;

/**
 * Two to four room types (`count` to force a number) for a hotel whose cheapest room costs `basePrice` fen.
 * Beyond the ladder's rungs (bulk seeds ask for up to ten), further types are numbered.
 * @example roomTypesFor('comfort', 42_200, prng) // [{ name: '大床房', basePrice: 42_200, … }, …]
 */
export function roomTypesFor(tier: Tier, basePrice: number, prng: Prng, count?: number): RoomTypeSeed[] {
  const ladder = prng.pick(LADDERS[tier]);
  const n = count ?? prng.int(tier === 'budget' ? 2 : 3, Math.min(4, ladder.length));
  return Array.from({ length: n }, (_, i) => {
    const r: Rung = ladder[i] ?? rung(`房型${i + 1}`, `Room type ${i + 1}`, 2, 150 + 20 * (i - ladder.length), [3, 10]);
    return {
      name: r.name,
      nameEn: r.nameEn,
      capacity: r.capacity,
      basePrice: i === 0 ? basePrice : wholeYuan((basePrice * r.markup) / 100),
      allotment: prng.int(r.allotment[0], r.allotment[1]),
    };
  });
}
