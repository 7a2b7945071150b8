// The concierge's words in English: every reply plan, several phrasings each, built only from tool results.
import type { Fact } from './hotel-facts.ts';
import { day, grade, hotelName, list, localTime, money, rating, shortStay, stay } from './format.ts';
import type { BookingView, DetailsView, Offer } from './results.ts';
import type { Voice, VoiceContext } from './voice.ts';

// Words such as "hotel" stay lower-case in these texts: the guards read "Capitalised Words Hotel" as a hotel's name.
const L = 'en';
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const STATUS: Record<string, string> = { held: 'awaiting payment', confirmed: 'confirmed', cancelled: 'cancelled', expired: 'expired' };
const TOPIC: Record<string, string> = {
  breakfast: 'breakfast', parking: 'parking', pets: 'pets', check_in_time: 'check-in time', check_out_time: 'check-out time',
  address: 'the address', phone: 'the phone number', wifi: 'Wi-Fi', cancellation: 'cancellation', metro: 'the metro',
  sights: 'nearby sights', payment: 'payment', children: 'children',
};

const name = (h: { name: string; nameEn?: string | null }) => hotelName(h, L);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function offerLine(o: Offer, i: number, byGrade: boolean): string {
  const label = byGrade ? cap(grade(o.stars, o.tier, L)) : cap(ORDINALS[i] ?? `option ${i + 1}`);
  const r = o.rating ? `, ${rating(o.rating, L)}` : '';
  return `${i + 1}. ${label}: ${name(o)}${r}\n   ${o.roomName}, ${money(o.pricePerNight)}/night, ${money(o.total)} in total`;
}

function factLine(f: Fact): string {
  const t = factText(f);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function factText(f: Fact): string {
  switch (f.kind) {
    case 'policy':
      return f.text;
    case 'breakfast':
      return f.offered === 'included' ? 'Breakfast is included in the rate.' : f.offered === 'extra' ? 'Breakfast is available at an extra charge (the front desk has the price).' : 'No breakfast is served.';
    case 'parking':
      return f.offered === 'free' ? 'There is free parking.' : f.offered === 'paid' ? 'There is paid parking on site.' : 'There is no parking on site.';
    case 'pets':
      return f.allowed ? 'Pets are welcome; just let the front desk know in advance.' : 'Pets are not allowed.';
    case 'amenity':
      return f.has ? `It has ${f.label.toLowerCase()}.` : `${cap(f.label.toLowerCase())} is not on its list of facilities.`;
    case 'value':
      if (f.topic === 'check_in_time') return `Check-in is from ${f.value}.`;
      if (f.topic === 'check_out_time') return `Check-out is by ${f.value}.`;
      if (f.topic === 'address') return `The address is ${f.value}.`;
      if (f.topic === 'phone') return `The phone number is ${f.value}.`;
      if (f.topic === 'metro') return `Nearest metro: ${f.value}.`;
      return `${cap(TOPIC[f.topic] ?? f.topic)}: ${f.value}.`;
    case 'list':
      return `Nearby: ${list(f.items, L)}.`;
    case 'cancel_hours':
      if (f.hours === 0) return 'Cancellation is free until the check-in day begins.';
      return f.hours % 24 === 0
        ? `Cancellation is free until midnight ${f.hours / 24} day${f.hours === 24 ? '' : 's'} before check-in.`
        : `Cancellation is free until ${f.hours} hours before the check-in day begins.`;
    case 'payment':
      return f.mode === 'prepay' ? 'It needs prepayment online.' : 'You pay at the property.';
    case 'unknown':
      return `Its details don't mention ${TOPIC[f.topic] ?? 'that'}; the front desk can confirm before you arrive.`;
  }
}

const LEADS = { cheaper: 'A little cheaper:', cheapest: 'The most affordable option right now:', pricier: 'A step up:', priciest: 'The top of the range right now:' };

function overview(d: DetailsView, offer: Offer | undefined, lead: keyof typeof LEADS | undefined, v: VoiceContext): string {
  const head = `${name(d)} (${grade(d.stars, d.tier, L)}${d.rating ? `, ${rating(d.rating, L)}` : ''})`;
  const lines = lead ? [LEADS[lead], head] : [head];
  if (d.description) lines.push(d.description);
  if (d.address) lines.push(`Address: ${d.address}${d.metro ? ` (near ${d.metro})` : ''}`);
  if (d.amenities.length) lines.push(`Facilities: ${d.amenities.slice(0, 8).join(', ')}`);
  const inT = typeof d.policies.checkInTime === 'string' ? d.policies.checkInTime : undefined;
  const outT = typeof d.policies.checkOutTime === 'string' ? d.policies.checkOutTime : undefined;
  if (inT && outT) lines.push(`Check-in from ${inT}, check-out by ${outT}`);
  if (offer) lines.push(`For your dates: ${offer.roomName}, ${money(offer.pricePerNight)}/night, ${money(offer.total)} in total`);
  lines.push(v.pick('overview.end', ['Just say the word if you would like to book it.', 'Anything else you would like to know, such as breakfast or parking?', 'If it suits you, I can book it right away.']));
  return lines.join('\n');
}

function bookingLine(b: BookingView, v: VoiceContext): string {
  return `• ${b.code} | ${b.hotelName} | ${shortStay(b.checkIn, b.checkOut, L, v.today)} | ${STATUS[b.status] ?? b.status}${b.total ? ` | ${money(b.total)}` : ''}`;
}

/** Every reply plan in English. */
export const en: Voice = {
  ask_city: (_, v) => v.pick('ask_city', ['Happy to help! Which city are you travelling to?', 'Of course. Which city would you like to stay in?', 'Sure thing. Where are you headed?']),
  ask_dates: (p, v) =>
    (p.city ? `${p.city}, lovely. ` : '') + v.pick('ask_dates', ['When would you like to check in, and for how many nights?', 'What are your dates: check-in day and number of nights?', 'Which day do you arrive, and how long will you stay?']),
  ask_check_in: (p, v) => `${p.nights} night${p.nights === 1 ? '' : 's'}, got it. ` + v.pick('ask_check_in', ['Which day would you like to check in?', 'What is your arrival date?']),
  bad_dates: (p, v) => {
    if (p.reason === 'past') return `That date has already passed (today is ${day(p.today, L, v.today)}). ` + v.pick('bad_dates', ['Which day would you like to check in?', 'Could you give me the check-in date again?']);
    if (p.reason === 'order') return 'The check-out day needs to come after the check-in day. Could you check the dates for me?';
    if (p.reason === 'too_long') return 'One booking can cover at most 30 nights. We could split the stay in two, or you can give me new dates.';
    return 'Stays can be booked up to a year ahead. Could you pick dates within the next twelve months?';
  },
  ask_currency: (_, v) =>
    v.pick('ask_currency', [
      "Our rates are in Chinese yuan (CNY), and I'd rather not guess at exchange rates. Roughly how much per night would that be in yuan?",
      'Prices here are in Chinese yuan. What is your nightly budget in CNY? I will filter by that.',
    ]),
  ask_which_hotel: (p, v) =>
    v.pick('which', [`Which one would you like to ${p.purpose === 'book' ? 'book' : 'know more about'}?`, 'Which one do you mean?']) +
    '\n' + p.offers.map((o, i) => `${cap(ORDINALS[i] ?? `option ${i + 1}`)}: ${name(o)}`).join('\n'),
  ask_contact: (p, v) => {
    const hotel = `${name(p.offer)} (${p.offer.roomName})`;
    if (p.need === 'phone' && p.phoneMasked) {
      return 'For your privacy, the phone number you gave earlier is masked in our chat history. Could you send the full number once more? Then I will prepare the summary.';
    }
    if (p.need === 'phone') return v.pick('ask_phone', ['I just need a contact phone number for the property.', `Great. A phone number, please, and I'll prepare the summary for ${hotel}.`]);
    if (p.need === 'name') return v.pick('ask_name', ["And the guest's name, as on their ID?", 'Whose name should the booking be under?']);
    return v.pick('ask_contact', [
      `Lovely choice: ${hotel}. May I have the guest's name and a phone number?`,
      `Sure, ${hotel} it is. What name and phone number should I put on the booking?`,
      `Happy to book ${hotel}. I'll need the guest's name and a contact phone number.`,
    ]);
  },
  offers: (p, v) => {
    const { view } = p;
    const city = view.city?.en ?? p.requested.city;
    const party = `${view.rooms} room${view.rooms === 1 ? '' : 's'}, ${view.guests} guest${view.guests === 1 ? '' : 's'}`;
    const byGrade = new Set(p.shown.map((o) => o.tier)).size > 1;
    const when = shortStay(view.checkIn, view.checkOut, L, v.today);
    const intro = p.relaxed
      ? v.pick('offers.relaxed', [
        `Nothing in ${city} fits your budget and filters for those dates, so I widened the search. The closest options:`,
        `I couldn't find rooms within your criteria, but relaxing the budget and category, these are available in ${city}:`,
      ])
      : v.pick('offers.intro', [
        `Here is what's available in ${city}, ${when}, ${party}${byGrade ? ', one pick per category' : ''}:`,
        `Good news: these have rooms in ${city}, ${when}, ${party}:`,
        `For ${city}, ${when}, ${party}, I'd suggest:`,
      ]);
    const assumed = [
      p.nightsAssumed ? '\n(I searched for one night for now; tell me how many nights and I will update it.)' : '',
      p.guestsAssumed ? `\n(I assumed ${view.guests} adults; tell me if that's not right.)` : '',
    ].join('');
    const end = v.pick('offers.end', [
      'Ask me about any of them, or say "book the second one".',
      'Which one catches your eye? I can book it for you, and the cards have booking links too.',
      'Happy to check breakfast, parking or anything else before you choose.',
    ]);
    return [intro, ...p.shown.map((o, i) => offerLine(o, i, byGrade)), end].join('\n') + assumed;
  },
  nothing_fits: (p, v) => {
    const when = shortStay(p.args.checkIn, p.args.checkOut, L, v.today);
    const head = p.filtered
      ? `I'm sorry, there's nothing free in ${p.args.city} for ${when}, even without your budget and filters. `
      : `I'm sorry, there's nothing free in ${p.args.city} for ${when}. `;
    return head + v.pick('nothing_fits', ['Shall we try other dates?', 'Would other dates or another city work?', 'Give me other dates and I will look again right away.']);
  },
  hotel_overview: (p, v) => overview(p.details, p.offer, p.lead, v),
  hotel_answers: (p, v) => {
    const lines = p.hotels.length === 1
      ? [`${name(p.hotels[0]!.details)}: ${p.hotels[0]!.facts.map(factLine).join(' ')}`]
      : p.hotels.map((h) => `• ${name(h.details)}: ${h.facts.map(factLine).join(' ') || grade(h.details.stars, h.details.tier, L)}`);
    if (p.passages[0]) lines.push(`${p.hotels.length ? 'Also: ' : ''}${p.passages[0].answer}`);
    if (p.hotels.every((h) => h.facts.length === 0) && !p.passages.length) lines.push("I couldn't find that in their details; the front desk can confirm before you arrive.");
    lines.push(v.pick('answers.end', ['Anything else you would like to know?', 'I can book it whenever you are ready.', '']));
    return lines.filter(Boolean).join('\n');
  },
  knowledge: (p, v) =>
    v.pick('knowledge', ['Here is what I found: ', 'On that question: ', '']) + p.passages.slice(0, 2).map((x) => x.answer).join('\n') +
    v.pick('knowledge.end', ['\nAnything else I can help with?', '', '\nIf anything is unclear, I can ask a colleague to confirm.']),
  no_knowledge: (_, v) =>
    v.pick('no_knowledge', [
      "I couldn't find a clear answer to that. Could you put it another way, or shall I ask a colleague?",
      "Sorry, I don't have anything on that. I can pass you to a colleague if you like.",
    ]),
  booking_summary: (p, v) => {
    const q = p.quote.quote;
    return [
      v.pick('summary.head', ['Please check the booking details:', "Here's the summary; please confirm:", 'This is what I have ready for you:']),
      `Property: ${p.nameEn ?? q.hotelName}`,
      `Room: ${q.roomName} × ${q.rooms}`,
      `Dates: ${stay(q.checkIn, q.checkOut, L, v.today)}`,
      `Guest: ${p.quote.guest.name} (${p.quote.guest.phone}), ${q.guests} guest${q.guests === 1 ? '' : 's'}${p.guestsAssumed ? ' (assumed; can be changed)' : ''}`,
      `Price: ${money(q.pricePerNight)}/night, ${money(q.total)} in total`,
      `Payment: ${q.paymentMode === 'prepay' ? 'prepaid online; please pay promptly after booking' : 'at the property'}`,
      `Free cancellation until ${localTime(q.freeCancellationUntil, v.timeZone, L)}`,
      v.pick('summary.ask', ['Reply "yes" to confirm and I will place the booking.', 'All good? Just say "yes". If you want other dates or another property, tell me.']),
    ].join('\n');
  },
  booked: (p, v) => {
    const r = p.result.reservation;
    // The code never stands right before the name: "TD2K… Grand Hotel" would read as a made-up hotel to the guards.
    const head = r.status === 'held'
      ? 'Your room is reserved. '
      : v.pick('booked', ['Done! Your booking is confirmed. ', 'All set, your reservation is confirmed. ']);
    const what = `${p.nameEn ?? r.hotelName}, ${r.roomName}, ${shortStay(r.checkIn, r.checkOut, L, v.today)}, ${money(r.total)} in total; your code is ${r.code}. `;
    const pay = r.status === 'held' && r.holdExpiresAt
      ? `The room is held for you until ${localTime(r.holdExpiresAt, v.timeZone, L)}; please pay before then, or the hold is released.`
      : v.pick('booked.end', ['Just give the guest name at the front desk. Have a wonderful trip!', 'Bring your ID at check-in. Enjoy your stay!']);
    return head + what + pay;
  },
  booking_declined: (_, v) => v.pick('declined', ["No problem, I haven't placed anything. Would you like other dates or another property?", 'Understood, nothing is booked. Shall I look at other options?']),
  cancel_terms: (p, v) => {
    const r = p.cancellation.reservation;
    const until = localTime(p.cancellation.terms.freeCancellationUntil, v.timeZone, L);
    return [
      v.pick('cancel.head', ['This is the reservation to cancel:', 'Please confirm you want to cancel:']),
      `${r.code} | ${r.hotelName} | ${stay(r.checkIn, r.checkOut, L, v.today)}`,
      `Cancelling now is free (free until ${until}). Reply "yes" to cancel it.`,
    ].join('\n');
  },
  cancelled: (p, v) =>
    `Reservation ${p.result.reservation.code} (${p.result.reservation.hotelName}) is cancelled. ` +
    v.pick('cancelled', ['The room has been released. Anything else I can do?', 'If you need another place to stay, just tell me.']),
  cancel_kept: (_, v) => v.pick('kept', ['Sure, the reservation stays as it is.', 'Understood, nothing cancelled.']),
  bookings: (p, v) => {
    const head = p.bookings.length === 1 ? 'You have one reservation:' : `You have ${p.bookings.length} reservations:`;
    const end = p.purpose === 'cancel'
      ? 'Which one would you like to cancel? Just send me the code.'
      : v.pick('bookings.end', ['To cancel or see more, send me the code.', '']);
    return [head, ...p.bookings.map((b) => bookingLine(b, v)), end].filter(Boolean).join('\n');
  },
  no_bookings: (p) => `I couldn't find any reservation${p.code ? ` ${p.code}` : ''} under your account. If you booked through another account or channel, a colleague can look it up for you.`,
  handed_off: (_, v) => v.pick('handoff', ["Of course. I'll pass on our conversation so you won't need to repeat yourself.", 'Sure, arranging that now.']),
  thanks: (_, v) => v.pick('thanks', ["You're very welcome! Have a wonderful trip.", 'My pleasure. Anything else, just ask!', 'Glad I could help. Enjoy your stay!']),
  greet: (_, v) =>
    v.pick('greet', [
      "Hello! I'm your hotel concierge. Tell me the city, your dates and how many guests, and I'll find you a great place.",
      "Hi there, welcome! Tell me where and when you'd like to stay.",
      'Hello! Looking for a room? Just tell me the city and dates.',
    ]),
  out_of_domain: (_, v) =>
    v.pick('ood', [
      "I'm afraid I can't help with that: I look after hotel bookings and stays. Shall I find you a room?",
      "Sorry, that's outside what I can do. I can search hotels, book rooms and look up your reservations.",
    ]),
  not_understood: (_, v) =>
    v.pick('not_understood', [
      "Sorry, I didn't quite get that. You can tell me a city and dates, or ask about breakfast, parking and so on.",
      "I'm not sure I understood. Could you rephrase? For example: \"Beijing, Dec 10 for 2 nights\".",
    ]),
  tool_error: (p, v) => {
    const alt = p.alternatives.length ? `How about ${list(p.alternatives.map(name), L)} instead?` : 'Shall we try other dates or another property?';
    switch (p.code) {
      case 'sold_out':
        return v.pick('sold_out', ["I'm sorry, that one has just sold out for your dates. ", 'Unfortunately the last room there has just gone. ']) + alt;
      case 'invalid_dates':
        return 'Those dates do not look right (they must be from today on, with check-out after check-in). Could you give me the dates again?';
      case 'capacity_exceeded':
        return "That room can't take that many guests. Shall I add a room, or how many of you are there?";
      case 'quote_expired':
        return 'That price quote has expired; I can prepare a fresh summary at the current price.';
      case 'not_cancellable':
        return "This reservation can't be cancelled free of charge any more (the free period may have ended, or it is already cancelled). A colleague can help if you like.";
      case 'not_found':
        return p.tool === 'prepare_cancellation' ? "I couldn't find that code. Could you check it? Codes start with TD." : "I couldn't find that property's details. Shall I search again?";
      default:
        return v.pick('tool_failed', ["Sorry, something went wrong on our side. Please try again, or I can get a colleague.", "Apologies, that didn't go through. Try again, or let a colleague handle it."]);
    }
  },
  not_confirmed: () => 'For your safety, a booking goes through only when you reply "yes" right after the summary. I can prepare the summary again if you like.',
  confirm_or_change: (p) =>
    p.action === 'book'
      ? 'To place the booking, reply "yes". Say "no" to leave it, or tell me what to change (dates, another property).'
      : 'Reply "yes" to cancel the reservation, or "no" to keep it.',
  contact_noted: (p, v) =>
    `Thanks, I've noted ${p.name ? `${p.name}'s` : 'your'} contact details. ` +
    (p.hasOffers ? v.pick('noted', ['Which one would you like to book?', 'Which of the options shall I book?']) : 'Which city and dates are you looking at?'),
  ack: (p) => (p.hasOffers ? 'Great! Tell me which one you like and I will book it.' : 'Sure. What else can I do for you?'),
  dismissed: (_, v) => v.pick('dismissed', ['No problem at all. I am here if you need me.', 'Understood. Just message me whenever you need anything.']),
  repair: (p) => repairDraft(p.draft, p.hits),
};

/** The draft with what the guards flagged taken out, so nothing unverified reaches the traveller. */
function repairDraft(draft: string, hits: Array<{ kind: string; value: string }>): string {
  let out = draft;
  for (const h of hits) {
    const instead = h.kind === 'price' ? '(amount as posted by the property)' : h.kind === 'code' ? '(see your reservations for the code)' : h.kind === 'hotel' ? 'a nearby landmark' : '';
    out = out.split(h.value).join(instead);
  }
  return hits.length ? out : "Sorry, I'd rather double-check that than give you something inaccurate. Could you rephrase, or shall I get a colleague?";
}
