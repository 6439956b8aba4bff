import type { TRUTH_LIMITS } from '@olala/contract/truth';

/**
 * The contract's input limits, typed to equal it: importing the value would pull the schema
 * library into the app's bundle, and a change in the contract fails the typecheck here instead.
 */
export const INPUT_LIMITS: {
  min: (typeof TRUTH_LIMITS)['input_payload']['min'];
  max: (typeof TRUTH_LIMITS)['input_payload']['max'];
} = {
  min: 1,
  max: 20_000,
};
