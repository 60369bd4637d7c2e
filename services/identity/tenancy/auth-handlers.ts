/** AuthService: the SCIM adapter asks whether a bearer token is valid, and for which tenant. */
import type { AuthServiceServer } from '../../../proto/gen/openscim/identity/v1/auth_service';
import type { OperatorUnary } from '../grpc/unary';
import type { TokenService } from './tokens';

export function authHandlers(tokens: TokenService, unary: OperatorUnary): AuthServiceServer {
  return {
    authenticateToken: unary(async (req, ctx) => {
      const token = await tokens.authenticate(req.token ?? '', ctx.principal);
      return { tenantId: token.tenantId, tokenId: token.tokenId, expireTime: token.expires };
    }),
  };
}
