// The types the console uses: all from the api contract (engine types only through it).
export type * from '../api/contract.js';
