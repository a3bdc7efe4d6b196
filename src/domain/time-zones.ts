/**
 * The product's table of integer time zone codes (the AgileApps dialect's `time_zone`) and the IANA zones
 * they stand for. A tenant stores the IANA zone; the code is a translation at the REST surface.
 * Codes are part of the public contract: never renumber an entry, only append new ones.
 * Code 12 is Pacific Time, so the spec's sample (a Sunnyvale address with `time_zone` 12) means what it says.
 */
export interface TimeZoneCode {
  code: number;
  zone: string;
  label: string;
}

const table: readonly (readonly [number, string, string])[] = [
  [0, 'UTC', 'Coordinated Universal Time'],
  [1, 'Etc/GMT+12', 'International Date Line West'],
  [2, 'Pacific/Pago_Pago', 'American Samoa'],
  [3, 'Pacific/Midway', 'Midway Island'],
  [4, 'Pacific/Honolulu', 'Hawaii'],
  [5, 'America/Adak', 'Aleutian Islands'],
  [6, 'Pacific/Marquesas', 'Marquesas Islands'],
  [7, 'Pacific/Gambier', 'Gambier Islands'],
  [8, 'America/Anchorage', 'Alaska'],
  [9, 'America/Juneau', 'Juneau'],
  [10, 'Pacific/Pitcairn', 'Pitcairn Islands'],
  [11, 'America/Tijuana', 'Tijuana, Baja California'],
  [12, 'America/Los_Angeles', 'Pacific Time (US & Canada)'],
  [13, 'America/Vancouver', 'Vancouver'],
  [14, 'America/Phoenix', 'Arizona'],
  [15, 'America/Denver', 'Mountain Time (US & Canada)'],
  [16, 'America/Mazatlan', 'Chihuahua, La Paz, Mazatlan'],
  [17, 'America/Edmonton', 'Edmonton'],
  [18, 'America/Chicago', 'Central Time (US & Canada)'],
  [19, 'America/Mexico_City', 'Guadalajara, Mexico City, Monterrey'],
  [20, 'America/Regina', 'Saskatchewan'],
  [21, 'America/Guatemala', 'Central America'],
  [22, 'America/Winnipeg', 'Winnipeg'],
  [23, 'America/New_York', 'Eastern Time (US & Canada)'],
  [24, 'America/Indiana/Indianapolis', 'Indiana (East)'],
  [25, 'America/Bogota', 'Bogota, Lima, Quito'],
  [26, 'America/Toronto', 'Toronto'],
  [27, 'America/Caracas', 'Caracas'],
  [28, 'America/Halifax', 'Atlantic Time (Canada)'],
  [29, 'America/Santiago', 'Santiago'],
  [30, 'America/La_Paz', 'Georgetown, La Paz, San Juan'],
  [31, 'America/St_Johns', 'Newfoundland'],
  [32, 'America/Sao_Paulo', 'Brasilia'],
  [33, 'America/Argentina/Buenos_Aires', 'Buenos Aires'],
  [34, 'America/Nuuk', 'Greenland'],
  [35, 'America/Montevideo', 'Montevideo'],
  [36, 'Atlantic/South_Georgia', 'Mid-Atlantic'],
  [37, 'Atlantic/Azores', 'Azores'],
  [38, 'Atlantic/Cape_Verde', 'Cape Verde Islands'],
  [39, 'Atlantic/Reykjavik', 'Monrovia, Reykjavik'],
  [40, 'Europe/London', 'London, Edinburgh'],
  [41, 'Europe/Dublin', 'Dublin'],
  [42, 'Europe/Lisbon', 'Lisbon'],
  [43, 'Africa/Casablanca', 'Casablanca'],
  [44, 'Europe/Paris', 'Brussels, Copenhagen, Madrid, Paris'],
  [45, 'Europe/Berlin', 'Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna'],
  [46, 'Europe/Warsaw', 'Sarajevo, Skopje, Warsaw, Zagreb'],
  [47, 'Europe/Budapest', 'Belgrade, Bratislava, Budapest, Ljubljana, Prague'],
  [48, 'Africa/Lagos', 'West Central Africa'],
  [49, 'Europe/Athens', 'Athens'],
  [50, 'Europe/Bucharest', 'Bucharest'],
  [51, 'Africa/Cairo', 'Cairo'],
  [52, 'Africa/Johannesburg', 'Harare, Pretoria'],
  [53, 'Europe/Helsinki', 'Helsinki, Riga, Sofia, Tallinn, Vilnius'],
  [54, 'Europe/Kyiv', 'Kyiv'],
  [55, 'Asia/Jerusalem', 'Jerusalem'],
  [56, 'Europe/Istanbul', 'Istanbul'],
  [57, 'Europe/Moscow', 'Moscow, St. Petersburg'],
  [58, 'Asia/Riyadh', 'Kuwait, Riyadh'],
  [59, 'Africa/Nairobi', 'Nairobi'],
  [60, 'Asia/Baghdad', 'Baghdad'],
  [61, 'Asia/Tehran', 'Tehran'],
  [62, 'Asia/Dubai', 'Abu Dhabi, Muscat'],
  [63, 'Asia/Baku', 'Baku'],
  [64, 'Asia/Kabul', 'Kabul'],
  [65, 'Asia/Karachi', 'Islamabad, Karachi'],
  [66, 'Asia/Tashkent', 'Tashkent'],
  [67, 'Asia/Yekaterinburg', 'Ekaterinburg'],
  [68, 'Asia/Kolkata', 'Chennai, Kolkata, Mumbai, New Delhi'],
  [69, 'Asia/Colombo', 'Sri Jayawardenepura'],
  [70, 'Asia/Kathmandu', 'Kathmandu'],
  [71, 'Asia/Dhaka', 'Dhaka'],
  [72, 'Asia/Almaty', 'Almaty'],
  [73, 'Asia/Yangon', 'Yangon (Rangoon)'],
  [74, 'Asia/Bangkok', 'Bangkok, Hanoi'],
  [75, 'Asia/Jakarta', 'Jakarta'],
  [76, 'Asia/Novosibirsk', 'Novosibirsk'],
  [77, 'Asia/Shanghai', 'Beijing, Chongqing, Urumqi'],
  [78, 'Asia/Hong_Kong', 'Hong Kong'],
  [79, 'Asia/Singapore', 'Kuala Lumpur, Singapore'],
  [80, 'Asia/Taipei', 'Taipei'],
  [81, 'Australia/Perth', 'Perth'],
  [82, 'Asia/Tokyo', 'Osaka, Sapporo, Tokyo'],
  [83, 'Asia/Seoul', 'Seoul'],
  [84, 'Australia/Adelaide', 'Adelaide'],
  [85, 'Australia/Darwin', 'Darwin'],
  [86, 'Australia/Sydney', 'Canberra, Melbourne, Sydney'],
  [87, 'Australia/Brisbane', 'Brisbane'],
  [88, 'Australia/Hobart', 'Hobart'],
  [89, 'Pacific/Guam', 'Guam, Port Moresby'],
  [90, 'Asia/Vladivostok', 'Vladivostok'],
  [91, 'Pacific/Noumea', 'Solomon Islands, New Caledonia'],
  [92, 'Asia/Magadan', 'Magadan'],
  [93, 'Pacific/Auckland', 'Auckland, Wellington'],
  [94, 'Pacific/Fiji', 'Fiji'],
  [95, 'Pacific/Tongatapu', "Nuku'alofa"],
  [96, 'Pacific/Kiritimati', 'Kiritimati'],
];

export const timeZoneCodes: readonly TimeZoneCode[] = table.map(([code, zone, label]) => ({ code, zone, label }));

const byCode = new Map(timeZoneCodes.map((entry) => [entry.code, entry]));

/** The runtime's canonical name of a zone (`Asia/Calcutta` and `Asia/Kolkata` are one zone), or undefined. */
function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const byZone = new Map<string, TimeZoneCode>();
for (const entry of timeZoneCodes) {
  byZone.set(entry.zone.toLowerCase(), entry);
  const canonical = canonicalZone(entry.zone);
  if (canonical) byZone.set(canonical.toLowerCase(), entry);
}

export function timeZoneByCode(code: number): TimeZoneCode | undefined {
  return byCode.get(code);
}

/** The table entry of an IANA zone, whatever alias of it is given (`Asia/Calcutta` finds Kolkata's code). */
export function timeZoneCodeOf(zone: string): TimeZoneCode | undefined {
  const direct = byZone.get(zone.toLowerCase());
  if (direct) return direct;
  const canonical = canonicalZone(zone);
  return canonical ? byZone.get(canonical.toLowerCase()) : undefined;
}
