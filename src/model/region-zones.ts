/**
 * US state and Canadian province codes (MS1 in a 214) → IANA zone, to place a local time when the
 * message gives a city and state but no time code. A 214 has no UN/LOCODE, so the location table
 * cannot help. A blank country is read as US or Canada: their codes do not overlap, and X12 senders
 * leave the country out for domestic moves.
 *
 * States and provinces that span more than one zone are marked: their principal zone (where most
 * people live) is used and the reader warns that the time may be an hour off.
 */
interface RegionZone {
  zone: string;
  spansZones?: true;
}

const US: Record<string, RegionZone> = {
  AL: { zone: 'America/Chicago' },
  AK: { zone: 'America/Anchorage', spansZones: true },
  AZ: { zone: 'America/Phoenix', spansZones: true },
  AR: { zone: 'America/Chicago' },
  CA: { zone: 'America/Los_Angeles' },
  CO: { zone: 'America/Denver' },
  CT: { zone: 'America/New_York' },
  DE: { zone: 'America/New_York' },
  DC: { zone: 'America/New_York' },
  FL: { zone: 'America/New_York', spansZones: true },
  GA: { zone: 'America/New_York' },
  HI: { zone: 'Pacific/Honolulu' },
  ID: { zone: 'America/Boise', spansZones: true },
  IL: { zone: 'America/Chicago' },
  IN: { zone: 'America/Indiana/Indianapolis', spansZones: true },
  IA: { zone: 'America/Chicago' },
  KS: { zone: 'America/Chicago', spansZones: true },
  KY: { zone: 'America/New_York', spansZones: true },
  LA: { zone: 'America/Chicago' },
  ME: { zone: 'America/New_York' },
  MD: { zone: 'America/New_York' },
  MA: { zone: 'America/New_York' },
  MI: { zone: 'America/Detroit', spansZones: true },
  MN: { zone: 'America/Chicago' },
  MS: { zone: 'America/Chicago' },
  MO: { zone: 'America/Chicago' },
  MT: { zone: 'America/Denver' },
  NE: { zone: 'America/Chicago', spansZones: true },
  NV: { zone: 'America/Los_Angeles' },
  NH: { zone: 'America/New_York' },
  NJ: { zone: 'America/New_York' },
  NM: { zone: 'America/Denver' },
  NY: { zone: 'America/New_York' },
  NC: { zone: 'America/New_York' },
  ND: { zone: 'America/Chicago', spansZones: true },
  OH: { zone: 'America/New_York' },
  OK: { zone: 'America/Chicago' },
  OR: { zone: 'America/Los_Angeles', spansZones: true },
  PA: { zone: 'America/New_York' },
  RI: { zone: 'America/New_York' },
  SC: { zone: 'America/New_York' },
  SD: { zone: 'America/Chicago', spansZones: true },
  TN: { zone: 'America/Chicago', spansZones: true },
  TX: { zone: 'America/Chicago', spansZones: true },
  UT: { zone: 'America/Denver' },
  VT: { zone: 'America/New_York' },
  VA: { zone: 'America/New_York' },
  WA: { zone: 'America/Los_Angeles' },
  WV: { zone: 'America/New_York' },
  WI: { zone: 'America/Chicago' },
  WY: { zone: 'America/Denver' },
  PR: { zone: 'America/Puerto_Rico' },
  VI: { zone: 'America/St_Thomas' },
  GU: { zone: 'Pacific/Guam' },
  AS: { zone: 'Pacific/Pago_Pago' },
  MP: { zone: 'Pacific/Saipan' },
};

const CANADA: Record<string, RegionZone> = {
  AB: { zone: 'America/Edmonton' },
  BC: { zone: 'America/Vancouver', spansZones: true },
  MB: { zone: 'America/Winnipeg' },
  NB: { zone: 'America/Moncton' },
  NL: { zone: 'America/St_Johns', spansZones: true },
  NS: { zone: 'America/Halifax' },
  NT: { zone: 'America/Edmonton' },
  NU: { zone: 'America/Iqaluit', spansZones: true },
  ON: { zone: 'America/Toronto', spansZones: true },
  PE: { zone: 'America/Halifax' },
  QC: { zone: 'America/Toronto', spansZones: true },
  SK: { zone: 'America/Regina', spansZones: true },
  YT: { zone: 'America/Whitehorse' },
};

const BY_COUNTRY: Record<string, Record<string, RegionZone>> = { US, USA: US, CA: CANADA, CAN: CANADA };

/** The names the port list writes for a state or province (its `province`), by code. */
const REGION_NAMES: Record<string, Record<string, string>> = {
  US: {
    AL: 'Alabama',
    AK: 'Alaska',
    AZ: 'Arizona',
    AR: 'Arkansas',
    CA: 'California',
    CO: 'Colorado',
    CT: 'Connecticut',
    DE: 'Delaware',
    DC: 'District of Columbia',
    FL: 'Florida',
    GA: 'Georgia',
    HI: 'Hawaii',
    ID: 'Idaho',
    IL: 'Illinois',
    IN: 'Indiana',
    IA: 'Iowa',
    KS: 'Kansas',
    KY: 'Kentucky',
    LA: 'Louisiana',
    ME: 'Maine',
    MD: 'Maryland',
    MA: 'Massachusetts',
    MI: 'Michigan',
    MN: 'Minnesota',
    MS: 'Mississippi',
    MO: 'Missouri',
    MT: 'Montana',
    NE: 'Nebraska',
    NV: 'Nevada',
    NH: 'New Hampshire',
    NJ: 'New Jersey',
    NM: 'New Mexico',
    NY: 'New York',
    NC: 'North Carolina',
    ND: 'North Dakota',
    OH: 'Ohio',
    OK: 'Oklahoma',
    OR: 'Oregon',
    PA: 'Pennsylvania',
    RI: 'Rhode Island',
    SC: 'South Carolina',
    SD: 'South Dakota',
    TN: 'Tennessee',
    TX: 'Texas',
    UT: 'Utah',
    VT: 'Vermont',
    VA: 'Virginia',
    WA: 'Washington',
    WV: 'West Virginia',
    WI: 'Wisconsin',
    WY: 'Wyoming',
    PR: 'Puerto Rico',
    VI: 'Virgin Islands',
    GU: 'Guam',
    AS: 'American Samoa',
    MP: 'Northern Mariana Islands',
  },
  CA: {
    AB: 'Alberta',
    BC: 'British Columbia',
    MB: 'Manitoba',
    NB: 'New Brunswick',
    NL: 'Newfoundland and Labrador',
    NS: 'Nova Scotia',
    NT: 'Northwest Territories',
    NU: 'Nunavut',
    ON: 'Ontario',
    PE: 'Prince Edward Island',
    QC: 'Quebec',
    SK: 'Saskatchewan',
    YT: 'Yukon',
  },
};

/** The two-letter country of a state or province code: as given (US/USA, CA/CAN), else the one that has it. */
export function countryOfRegion(state: string, country: string): 'US' | 'CA' | undefined {
  const countryCode = country.trim().toUpperCase();
  const code = state.trim().toUpperCase();
  if (countryCode === 'US' || countryCode === 'USA') return US[code] ? 'US' : undefined;
  if (countryCode === 'CA' || countryCode === 'CAN') return CANADA[code] ? 'CA' : undefined;
  if (countryCode) return undefined;
  return US[code] ? 'US' : CANADA[code] ? 'CA' : undefined;
}

/** The state's or province's name as the port list writes it ("Florida"), for a code ("FL"). */
export function regionName(state: string, country: 'US' | 'CA'): string | undefined {
  return REGION_NAMES[country]?.[state.trim().toUpperCase()];
}

export function zoneOfRegion(state: string, country: string): { zone: string; spansZones: boolean } | undefined {
  const code = state.trim().toUpperCase();
  const countryCode = country.trim().toUpperCase();
  const region = countryCode ? BY_COUNTRY[countryCode]?.[code] : (US[code] ?? CANADA[code]);
  return region ? { zone: region.zone, spansZones: region.spansZones === true } : undefined;
}
