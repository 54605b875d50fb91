import { lazy } from 'react';

/** The chart component in its own chunk (echarts loads only on screens with charts). */
export const EChart = lazy(() => import('./EChart'));
