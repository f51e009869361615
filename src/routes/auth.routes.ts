import type { FastifyInstance } from 'fastify';
import { LoginDto, RefreshTokenDto, RegisterDto, TokenResponseDto } from '../entities/auth.dto';
import { PASSWORD_RULE, UserResponseDto } from '../entities/user.dto';
import { requestUser } from './request-user';
import { errorRef, schemaRef } from './shared-schemas';

const tags = ['Auth'];

/** Accounts and sessions. The routes that take a password or a refresh token have their own, stricter rate limit. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { auth, security } = app.config;
  const strict = { rateLimit: { max: security.rateLimit.authMax, timeWindow: security.rateLimit.windowMs } };
  const tokens = schemaRef(app, TokenResponseDto, { response: true });
  const user = schemaRef(app, UserResponseDto, { response: true });
  const refreshBody = schemaRef(app, RefreshTokenDto);
  const errors = { 400: errorRef, 401: errorRef, 429: errorRef };

  app.post<{ Body: RegisterDto }>(
    '/register',
    {
      config: { access: auth.registration === 'open' ? 'public' : 'admin', ...strict },
      schema: {
        tags,
        operationId: 'register',
        summary:
          auth.registration === 'open'
            ? 'Create an account (role user)'
            : 'Create an account (role user; admins only: AUTH_REGISTRATION=admin)',
        description: `The password: ${PASSWORD_RULE} An email already registered is a 409.`,
        body: schemaRef(app, RegisterDto),
        response: { 201: { ...user, description: 'The new account' }, 409: errorRef, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.auth.register(request.body)),
  );

  app.post<{ Body: LoginDto }>(
    '/login',
    {
      config: { access: 'public', ...strict },
      schema: {
        tags,
        operationId: 'login',
        summary: 'Log in: an access token and a refresh token',
        description: 'A wrong email or password, or an inactive account, is the same 401 (nothing tells which).',
        body: schemaRef(app, LoginDto),
        response: { 200: { ...tokens, description: 'A new token pair' }, ...errors },
      },
    },
    async (request) => app.services.auth.login(request.body.email, request.body.password),
  );

  app.post<{ Body: RefreshTokenDto }>(
    '/refresh',
    {
      config: { access: 'public', ...strict },
      schema: {
        tags,
        operationId: 'refreshTokens',
        summary: 'A new token pair for a refresh token, which stops working',
        description: 'Refresh tokens are single use: a token used twice revokes every token of its login (401).',
        body: refreshBody,
        response: { 200: { ...tokens, description: 'A new token pair' }, ...errors },
      },
    },
    async (request) => app.services.auth.refresh(request.body.refreshToken),
  );

  app.post<{ Body: RefreshTokenDto }>(
    '/logout',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'logout',
        summary: 'Revoke the refresh token and every token rotated from the same login',
        description: 'Always 204 for a well-formed token, known or not, so that it tells nothing about the token.',
        body: refreshBody,
        response: { 204: { type: 'null', description: 'Logged out' }, 400: errorRef },
      },
    },
    async (request, reply) => {
      await app.services.auth.logout(request.body.refreshToken);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        operationId: 'getCurrentUser',
        summary: 'The logged-in user',
        description: 'The account the access token belongs to.',
        response: { 200: { ...user, description: 'The logged-in user' } },
      },
    },
    async (request) => app.services.auth.me(requestUser(request)),
  );
}
