/** Service-quality analytics API: every shape generated from src/modules/analytics/schemas.ts (schema.gen.ts). */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

export type KpiReport = Reply<'/api/analytics/kpis', 'get'>;
export type Kpis = KpiReport['total'];
export type KpiPolicy = KpiReport['policy'];
export type SlConvention = KpiPolicy['slConvention'];
export type ErlangInput = QueryOf<'/api/analytics/staffing/erlang', 'get'>;
export type ErlangResult = Reply<'/api/analytics/staffing/erlang', 'get'>;
export type ErlangPoint = ErlangResult['curve'][number];
export type Forecast = Reply<'/api/analytics/staffing/forecast', 'get'>;
export type ImportSummary = Reply<'/api/analytics/imports', 'get'>['items'][number];
export type ImportDetail = Reply<'/api/analytics/imports/{id}', 'get'>;
export type UploadBody = BodyOf<'/api/analytics/imports', 'post'>;

export const analytics = {
  kpis: (query: QueryOf<'/api/analytics/kpis', 'get'>) => call(http.GET('/api/analytics/kpis', { params: { query } })),
  erlang: (query: ErlangInput) => call(http.GET('/api/analytics/staffing/erlang', { params: { query } })),
  forecast: (query: QueryOf<'/api/analytics/staffing/forecast', 'get'>) => call(http.GET('/api/analytics/staffing/forecast', { params: { query } })),
  imports: (query: QueryOf<'/api/analytics/imports', 'get'> = {}) => call(http.GET('/api/analytics/imports', { params: { query } })),
  importDetail: (id: number) => call(http.GET('/api/analytics/imports/{id}', { params: { path: { id } } })),
  upload: (body: UploadBody) => call(http.POST('/api/analytics/imports', { body })),
};
