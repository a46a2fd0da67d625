// TypeScript views of the configuration sections the pages edit (config/schema.json is the contract).
import type { Pt } from './drawing/shape_editor';

export interface LineRule { uuid: string; name: string; points: Pt[]; uturn_area: Pt[] }
export interface RegionRule {
  uuid: string; name: string; points: Pt[];
  people_counting: { enabled: boolean; pass_by_filtering_s: number };
  dwell_time: { enabled: boolean; min_dwell_time_s: number };
}
export interface Rules {
  installation_height_m: number; max_target_height_m: number; min_target_height_m: number;
  tracking_mode: 'heads' | 'feet'; children_adult_differentiation: boolean; child_filter_height_m: number;
  gender_recognition: boolean; gender_model?: string; line_cross_counting: boolean; uturn_filtering: boolean;
  region_monitoring: boolean; scheduled_reset: { enabled: boolean; time: string };
  lines: LineRule[]; regions: RegionRule[];
}

export function newUuid(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));
}
