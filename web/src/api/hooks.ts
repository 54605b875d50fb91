/** Shared queries used by several screens. */
import { useQuery } from '@tanstack/react-query';
import { call, http } from './http';

export function useOrgUnits(enabled = true) {
  return useQuery({ queryKey: ['org-units'], queryFn: ({ signal }) => call(http.GET('/api/org-units', { signal }), signal), staleTime: 60_000, enabled });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: ['roles'], queryFn: ({ signal }) => call(http.GET('/api/roles', { signal }), signal), staleTime: 10 * 60_000, enabled });
}

export function useNetworkGeo(enabled = true) {
  return useQuery({
    queryKey: ['network-geojson'],
    queryFn: ({ signal }) => call(http.GET('/api/network/geojson', { signal }), signal),
    staleTime: 10 * 60_000,
    enabled,
  });
}
