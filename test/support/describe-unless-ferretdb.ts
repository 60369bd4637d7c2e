/**
 * `describe`, except in the e2e run on FerretDB: for stress tests whose fixed deadlines
 * FerretDB cannot meet. It is a test double over SQLite that answers one operation at a
 * time in milliseconds, so a storm of compare-and-swap retries takes it minutes. They
 * run on SQLite and on a real MongoDB (MONGODB_URI); the store contract suite races
 * compare-and-swaps on FerretDB too.
 */
export const describeUnlessFerretDb: jest.Describe =
  process.env.OPENSCIM_TEST_STORE === 'mongo' && !process.env.MONGODB_URI ? describe.skip : describe;
