/** 수가표: effective-dated unit prices, seeded from TARIFF_2026 and editable without a release. */
export interface TariffRowTable {
  id: string;
  program_id: string;
  service_type_id: string | null;
  rate: 'standard' | 'nightHoliday';
  unit: 'hour' | 'visit' | 'band';
  price_krw: number;
  min_minutes: number | null;
  max_minutes: number | null;
  effective_from: string;
  effective_until: string | null;
}
