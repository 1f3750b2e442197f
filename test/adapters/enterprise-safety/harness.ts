import { creditCheckChar } from '../../../simulators/dataset/credit-code';

/** Valid credit codes for the mapping examples (the documents' own are placeholders). */
export const withCheck = (first17: string): string => first17 + creditCheckChar(first17);

/** The v1.1 fields of a mapped record that a record written before the release has. */
export const OLDER_FORM = { park: null, licence: null, majorHazardUnits: null, miswrittenCas: [] };
export const UNRECORDED_HOLDING = { casNumber: null, keySupervised: null, highlyToxic: null };
