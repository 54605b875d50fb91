/** Shared schema pieces for routes (TypeBox → JSON Schema). */
import { Type, type TProperties } from '@sinclair/typebox';
import { ID_NUMBER_PATTERN, PHONE_PATTERN } from '../platform/pii.js';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) }, { additionalProperties: false });
export const Paging = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
export const Phone = Type.String({ pattern: PHONE_PATTERN, maxLength: 20, description: '手机号或带区号的固定电话 / mobile or fixed line' });
export const IdNumber = Type.String({ pattern: ID_NUMBER_PATTERN, maxLength: 18, description: '18 位身份证号 / 18-character resident ID' });
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Body = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
export const Query = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
