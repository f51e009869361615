import { RefreshToken } from '../../src/entities/refresh-token.entity';
import { RefreshTokensRepository } from '../../src/repositories/refresh-tokens.repository';
import { loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The guarantee under the refresh route, without the timing luck of racing HTTP requests: two refreshes that both
 * read the token while it was still fresh each try to rotate it, and only one of them can.
 */
describeEachEngine('refresh token rotation', (engine) => {
  let t: TestApp;
  let repository: RefreshTokensRepository;
  beforeAll(async () => {
    t = await startTestApp(engine);
    repository = new RefreshTokensRepository(t.app.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const freshToken = async () => {
    const { user } = await loginAs(t.app, 'user');
    return t.app.db.getRepository(RefreshToken).findOneByOrFail({ userId: user.id });
  };
  const successor = (stale: RefreshToken, suffix: string) => ({
    tokenHash: suffix.repeat(64).slice(0, 64),
    familyId: stale.familyId,
    userId: stale.userId,
    expiresAt: new Date(Date.now() + 60_000),
  });

  it('rotates a token once: a second rotation from the same stale read changes nothing and stores no successor', async () => {
    const stale = await freshToken();
    expect(await repository.rotate(stale, successor(stale, 'a'), new Date())).toBe(true);
    expect(await repository.rotate(stale, successor(stale, 'b'), new Date())).toBe(false);
    const family = await t.app.db.getRepository(RefreshToken).findBy({ familyId: stale.familyId });
    expect(family.map((token) => token.tokenHash).sort()).toEqual([stale.tokenHash, 'a'.repeat(64)].sort());
  });

  it('of two rotations running at the same time, exactly one succeeds', async () => {
    const stale = await freshToken();
    const results = await Promise.all([
      repository.rotate(stale, successor(stale, 'c'), new Date()),
      repository.rotate(stale, successor(stale, 'd'), new Date()),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await t.app.db.getRepository(RefreshToken).countBy({ familyId: stale.familyId })).toBe(2);
  });

  it('does not rotate a revoked token', async () => {
    const stale = await freshToken();
    await repository.revokeFamily(stale.familyId, new Date());
    expect(await repository.rotate(stale, successor(stale, 'e'), new Date())).toBe(false);
  });
});
