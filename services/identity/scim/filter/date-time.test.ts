import { parseDateTime } from './date-time';

describe('RFC 7643 §2.3.5 dateTime: "an xsd:dateTime", read as an instant', () => {
  it.each<[string, number]>([
    ['2008-01-23T04:56:22Z', Date.UTC(2008, 0, 23, 4, 56, 22)],
    ['2011-05-13T04:42:34.5Z', Date.UTC(2011, 4, 13, 4, 42, 34, 500)],
    ['2011-05-13T06:42:34+02:00', Date.UTC(2011, 4, 13, 4, 42, 34)],
    ['2011-05-12T23:12:34-05:30', Date.UTC(2011, 4, 13, 4, 42, 34)],
    ['2011-05-13t04:42:34z', Date.UTC(2011, 4, 13, 4, 42, 34)],
    // xsd:dateTime leaves a missing offset unspecified; we read it as UTC.
    ['2011-05-13T04:42:34', Date.UTC(2011, 4, 13, 4, 42, 34)],
    // Millisecond precision: further digits are truncated, as .NET's 7-digit fractions need.
    ['2011-05-13T04:42:34.1239999Z', Date.UTC(2011, 4, 13, 4, 42, 34, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['9999-12-31T23:59:59Z', 253402300799000],
  ])('%s', (text, epochMillis) => {
    expect(parseDateTime(text)).toBe(epochMillis);
  });

  it.each([
    '',
    'yesterday',
    '2011-05-13',
    '2011-05-13 04:42:34Z',
    '2011-05-13T04:42Z',
    '2011-5-13T04:42:34Z',
    '2011-13-01T00:00:00Z',
    '2011-00-01T00:00:00Z',
    '2011-04-31T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2011-05-13T24:00:00Z',
    '2011-05-13T04:60:00Z',
    '2011-05-13T04:42:60Z',
    '2011-05-13T04:42:34.Z',
    '2011-05-13T04:42:34+24:00',
    '2011-05-13T04:42:34+02:60',
    '2011-05-13T04:42:34+0200',
    '12011-05-13T04:42:34Z',
    ' 2011-05-13T04:42:34Z',
  ])('refuses %j', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});
