const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GUIDs are case-insensitive (RFC 9562 section 4): one spelling, lower case, so the same id
 * written in two cases names one record. Anything that is not a GUID is returned as given.
 */
export function normalizeGuid(value: string): string {
  return GUID.test(value) ? value.toLowerCase() : value;
}
