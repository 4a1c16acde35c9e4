import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allAuthorities,
  authoritiesNamedIn,
  authorityByCode,
  checkRegistration,
  predecessorsOf,
  regionOf,
  successorsOf,
  type RegistrationClaim,
} from '../src/register';

/** given (a registration claim) / when (checked against the national register) / then (accepted, or refused). */
function givenClaim(claim: RegistrationClaim) {
  const problems = checkRegistration(claim);
  return {
    thenAccepted: (): void => expect(problems).toEqual([]),
    thenRefused: (field: string, rule: RegExp): void => {
      expect(problems.map((p) => p.field)).toContain(field);
      expect(problems.find((p) => p.field === field)!.rule).toMatch(rule);
    },
  };
}

describe('the national register of councils', () => {
  it('holds 153 councils, each code once', () => {
    expect(allAuthorities()).toHaveLength(153);
    expect(new Set(allAuthorities().map((a) => a.laCode)).size).toBe(153);
  });

  const csv = join(process.cwd(), '..', 'shared', 'fixtures', 'national-la-registry.csv');
  (existsSync(csv) ? it : it.skip)('matches the shared register file: codes, URNs, ONS codes and regions', () => {
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows).toHaveLength(153);
    for (const [urn, laCode, regionCode, onsCode] of rows) {
      const authority = authorityByCode(laCode);
      expect(authority).toMatchObject({ urn, onsCode, ...(regionCode === 'nan' ? {} : { regionCode }) });
    }
  });

  it('still finds councils named in a line of a document', () => {
    expect(authoritiesNamedIn('Telford & Wrekin Council').map((a) => a.laCode)).toEqual(['894']);
  });

  it('knows a region by its name or its code', () => {
    expect(regionOf('North West')).toEqual({ code: 'NW', name: 'North West' });
    expect(regionOf('nw')).toEqual({ code: 'NW', name: 'North West' });
    expect(regionOf('GL')?.name).toBe('London');
    expect(regionOf('Atlantis')).toBeUndefined();
  });
});

describe('reorganisations the register knows of', () => {
  it('Northamptonshire was replaced by North and West Northamptonshire', () => {
    expect(successorsOf('Northamptonshire').map((a) => `${a.laCode} ${a.name}`)).toEqual([
      '940 North Northamptonshire',
      '941 West Northamptonshire',
    ]);
  });

  it('Cumbria was replaced by Cumberland and Westmorland and Furness', () => {
    expect(successorsOf('cumbria').map((a) => a.laCode)).toEqual(['942', '943']);
    expect(predecessorsOf('943').map((p) => p.name)).toEqual(['Cumbria']);
  });

  it('Bournemouth, Christchurch and Poole took over from Bournemouth and Poole', () => {
    expect(predecessorsOf('839').map((p) => p.name)).toEqual(['Bournemouth', 'Poole']);
    expect(successorsOf('Poole').map((a) => a.laCode)).toEqual(['839']);
  });

  it('states no predecessor code or date that no source in hand gives', () => {
    for (const laCode of ['940', '941', '942', '943', '839']) {
      expect(predecessorsOf(laCode).every((p) => p.laCode === undefined)).toBe(true);
    }
  });

  it('knows of no reorganisation for a council that was not reorganised', () => {
    expect(predecessorsOf('885')).toEqual([]);
    expect(successorsOf('Worcestershire')).toEqual([]);
  });
});

describe('registering a council', () => {
  it('accepts a council exactly as the register holds it', () => {
    givenClaim({ laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' }).thenAccepted();
  });

  it('accepts the region by its code', () => {
    givenClaim({ laCode: '344', name: 'Wirral', region: 'NW' }).thenAccepted();
  });

  it('accepts a name in another case and spacing', () => {
    givenClaim({ laCode: '877', name: '  WARRINGTON ', region: 'north  west' }).thenAccepted();
  });

  it('accepts "and" for "&"', () => {
    givenClaim({ laCode: '894', name: 'Telford and Wrekin', region: 'West Midlands' }).thenAccepted();
  });

  it('accepts "&" for "and", and the comma left out', () => {
    givenClaim({ laCode: '839', name: 'Bournemouth Christchurch and Poole', region: 'SW' }).thenAccepted();
  });

  it('accepts the name the shared register file gives the City of London', () => {
    givenClaim({ laCode: '201', name: 'London Corporation', region: 'London' }).thenAccepted();
  });

  it('refuses 000, which is no la_code', () => {
    givenClaim({ laCode: '000', name: 'Nowhere', region: 'London' }).thenRefused('laCode', /three-digit la_code not starting with 0/);
  });

  it('refuses 999 Atlantis, which the register does not hold', () => {
    givenClaim({ laCode: '999', name: 'Atlantis', region: 'South West' }).thenRefused('laCode', /is not in the national register/);
  });

  it('refuses 999 Narnia, even in a real region', () => {
    givenClaim({ laCode: '999', name: 'Narnia', region: 'NW' }).thenRefused('laCode', /give newAuthorityReason/);
  });

  it('refuses 370 as Wigan: the register holds Barnsley there, and Wigan at 359', () => {
    givenClaim({ laCode: '370', name: 'Wigan', region: 'Yorkshire and the Humber' }).thenRefused(
      'name',
      /must be the name the register gives la_code 370: Barnsley \(Wigan is 359\)/,
    );
  });

  it('refuses a region the register does not give the council', () => {
    givenClaim({ laCode: '885', name: 'Worcestershire', region: 'North West' }).thenRefused('region', /West Midlands \(or WM\)/);
  });

  it('refuses an ONS code the register does not give the council', () => {
    givenClaim({ laCode: '885', name: 'Worcestershire', region: 'WM', onsCode: 'E10000035' }).thenRefused('onsCode', /E10000034/);
  });

  it('points a former council at its successors', () => {
    givenClaim({ laCode: '928', name: 'Northamptonshire', region: 'East Midlands' }).thenRefused(
      'laCode',
      /Northamptonshire was replaced by 940 North Northamptonshire and 941 West Northamptonshire/,
    );
  });

  describe('a council the register does not hold, with newAuthorityReason', () => {
    const reason = 'predecessor of North and West Northamptonshire, for its 2016 inspection';

    it('accepts a code and name of its own', () => {
      givenClaim({ laCode: '928', name: 'Northamptonshire', region: 'East Midlands', newAuthorityReason: reason }).thenAccepted();
    });

    it('refuses a code that is another council’s', () => {
      givenClaim({ laCode: '370', name: 'New Barnsley', region: 'YH', newAuthorityReason: reason }).thenRefused(
        'laCode',
        /is the code of 370 Barnsley in the national register: a new authority needs a code of its own/,
      );
    });

    it('refuses the name of a registered council under another code', () => {
      givenClaim({ laCode: '998', name: 'Wigan', region: 'NW', newAuthorityReason: reason }).thenRefused(
        'name',
        /is the name of 359 Wigan in the national register/,
      );
    });

    it('refuses a region the register does not have', () => {
      givenClaim({ laCode: '998', name: 'Atlantis', region: 'Atlantic', newAuthorityReason: reason }).thenRefused(
        'region',
        /must be one of the register's regions/,
      );
    });

    it('accepts a registered council as registered, the reason aside', () => {
      givenClaim({ laCode: '942', name: 'Cumberland', region: 'NW', newAuthorityReason: 'formed from Cumbria' }).thenAccepted();
    });
  });
});
