/** Shared queries used by several screens. */
import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { api } from './client';
import { call, http } from './http';
import type { RoleInfo } from './types';

export function useOrgUnits(enabled = true) {
  return useQuery({ queryKey: ['org-units'], queryFn: ({ signal }) => call(http.GET('/api/org-units', { signal }), signal), staleTime: 60_000, enabled });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<RoleInfo[]>('/api/roles'), staleTime: 10 * 60_000, enabled });
}

export function useNetworkGeo(enabled = true) {
  return useQuery({ queryKey: ['network-geojson'], queryFn: () => api.get<FeatureCollection>('/api/network/geojson'), staleTime: 10 * 60_000, enabled });
}
