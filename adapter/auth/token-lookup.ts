/** AuthenticateToken as the token cache's lookup: an invalid token is an answer, anything else a failure. */
import { status } from '@grpc/grpc-js';
import { decodeStatusDetails } from '../../services/identity/errors/status-details';
import type { IdentityClients } from '../grpc/identity-clients';
import type { TokenLookup } from './token-cache';

/**
 * UNAUTHENTICATED with reason UNAUTHENTICATED is the service's "this token is not
 * valid". UNAUTHENTICATED with INVALID_CREDENTIAL is about the adapter's own key: a
 * misconfiguration that must not be cached or blamed on the IdP.
 */
function isInvalidToken(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== status.UNAUTHENTICATED) return false;
  return decodeStatusDetails((error as { metadata?: import('@grpc/grpc-js').Metadata }).metadata)?.reason === 'UNAUTHENTICATED';
}

export function identityTokenLookup(clients: Pick<IdentityClients, 'authenticate'>, deadlineMs: number): TokenLookup {
  return async (token, requestId) => {
    try {
      const found = await clients.authenticate(token, requestId, deadlineMs);
      return { tenant: found.tenantId ?? '', tokenId: found.tokenId ?? '', expires: found.expireTime };
    } catch (error) {
      if (isInvalidToken(error)) return undefined;
      throw error;
    }
  };
}
