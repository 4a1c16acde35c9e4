/** One council with children's services, as the national register lists it. */
export interface NationalRegisterEntry {
  readonly laCode: string;
  readonly name: string;
  readonly regionCode: string;
  readonly region: string;
  readonly onsCode: string;
  readonly urn: string;
}
