import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { connectLiveEvents } from '../api/events.ts';
import { meKey } from '../api/me.ts';

/**
 * Keeps this tab's data fresh while someone is logged in: one event stream, closed when
 * the component goes (logout, the session ending, another person logging in).
 */
export default function LiveUpdates() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const connection = connectLiveEvents(queryClient, {
      checkSession: () => void queryClient.invalidateQueries({ queryKey: meKey }),
    });
    return () => connection.close();
  }, [queryClient]);
  return null;
}
