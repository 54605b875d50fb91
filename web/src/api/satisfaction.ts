/** Satisfaction API: every shape generated from src/modules/satisfaction/schemas.ts (schema.gen.ts). */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

export type Dashboard = Reply<'/api/satisfaction/dashboard', 'get'>;
export type Driver = Dashboard['drivers']['drivers'][number];
export type Survey = Reply<'/api/satisfaction/surveys/{id}', 'get'>;
export type SurveyBody = BodyOf<'/api/satisfaction/surveys', 'post'>;
export type Question = SurveyBody['questions'][number];
export type SurveyResults = Reply<'/api/satisfaction/surveys/{id}/results', 'get'>;
export type PublicSurvey = Reply<'/api/public/surveys/{token}', 'get'>;
export type Plan = Reply<'/api/satisfaction/plans/{id}', 'get'>;
export type PlanBody = BodyOf<'/api/satisfaction/plans', 'post'>;
export type PdcaStage = Plan['stage'];

export const satisfaction = {
  dashboard: (query: QueryOf<'/api/satisfaction/dashboard', 'get'>) => call(http.GET('/api/satisfaction/dashboard', { params: { query } })),
  endOfCall: (body: BodyOf<'/api/satisfaction/end-of-call', 'post'>) => call(http.POST('/api/satisfaction/end-of-call', { body })),
  importIvr: (body: BodyOf<'/api/satisfaction/ivr-imports', 'post'>) => call(http.POST('/api/satisfaction/ivr-imports', { body })),
  surveys: (query: QueryOf<'/api/satisfaction/surveys', 'get'> = {}) => call(http.GET('/api/satisfaction/surveys', { params: { query } })),
  createSurvey: (body: SurveyBody) => call(http.POST('/api/satisfaction/surveys', { body })),
  updateSurvey: (id: number, body: SurveyBody) => call(http.PUT('/api/satisfaction/surveys/{id}', { params: { path: { id } }, body })),
  publish: (id: number) => call(http.POST('/api/satisfaction/surveys/{id}/publish', { params: { path: { id } } })),
  retire: (id: number) => call(http.POST('/api/satisfaction/surveys/{id}/retire', { params: { path: { id } } })),
  invite: (id: number, orderIds?: number[]) => call(http.POST('/api/satisfaction/surveys/{id}/invitations', { params: { path: { id } }, body: { orderIds } })),
  results: (id: number) => call(http.GET('/api/satisfaction/surveys/{id}/results', { params: { path: { id } } })),
  publicSurvey: (token: string) => call(http.GET('/api/public/surveys/{token}', { params: { path: { token } } })),
  answer: (token: string, answers: Record<string, string | number>) =>
    call(http.POST('/api/public/surveys/{token}', { params: { path: { token } }, body: { answers } })),
  plans: (query: QueryOf<'/api/satisfaction/plans', 'get'> = {}) => call(http.GET('/api/satisfaction/plans', { params: { query } })),
  plan: (id: number) => call(http.GET('/api/satisfaction/plans/{id}', { params: { path: { id } } })),
  createPlan: (body: PlanBody) => call(http.POST('/api/satisfaction/plans', { body })),
  addAction: (id: number, body: { title: string; dueOn: string }) =>
    call(http.POST('/api/satisfaction/plans/{id}/actions', { params: { path: { id } }, body })),
  actionDone: (id: number, actionId: number, doneOn: string) =>
    call(http.POST('/api/satisfaction/plans/{id}/actions/{actionId}/done', { params: { path: { id, actionId } }, body: { doneOn } })),
  move: (id: number, to: PdcaStage, version: number) =>
    call(http.POST('/api/satisfaction/plans/{id}/move', { params: { path: { id } }, body: { to, version } })),
  measure: (id: number) => call(http.POST('/api/satisfaction/plans/{id}/measurements', { params: { path: { id } } })),
};
