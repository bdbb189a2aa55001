/**
 * The shape of `diagnosis/types.ts` `ExpiryEstimate` as other domain types refer to it (domain/ must not import
 * diagnosis/). `ExpiryEstimate` is assignable to it.
 */
export interface ExpiryEstimateLike {
  expiresAt?: Date;
  known: boolean;
  lapsed: 'push' | 'use' | 'both' | 'none';
  settingsPending: boolean;
}
