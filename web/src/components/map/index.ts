/** The map, split into its own chunk: import this, never GeoMap directly. */
import { lazy } from 'react';

export const GeoMap = lazy(() => import('./GeoMap'));
export type { GeoMapProps } from './GeoMap';
export { popupBody } from './popup';
export { networkLayers, pointFeature, collection, EMPTY, KIND_COLORS } from './layers';
