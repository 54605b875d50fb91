/**
 * Order subtypes per type, for the customer portal (customers may not read /api/workorders/catalog).
 * Mirrors src/modules/workorders/catalog.ts; staff screens use the API's catalog.
 */
export const SUBTYPES: Record<string, string[]> = {
  complaint: ['service', 'business', 'outage', 'supply_quality', 'grid_construction'],
  service_request: ['reconnection', 'damaged_appliance', 'meter_fault', 'reading_error', 'reading_dispute', 'meter_test', 'other'],
};
