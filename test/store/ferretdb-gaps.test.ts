/**
 * What FerretDB 1.x, the server CI tests the MongoDB store against, does differently
 * from MongoDB, and which the store works around (services/identity/store/mongo/ferretdb.ts
 * and the comments that cite this file). If FerretDB fixes one, its test fails here and
 * the workaround can go. Not run against MONGODB_URI: MongoDB has none of these gaps.
 */
import { MongoClient, MongoServerError, type Db, type IndexDescription } from 'mongodb';
import { startFerretDb, type FerretDb } from '../support/ferretdb';

(process.env.MONGODB_URI ? describe.skip : describe)('FerretDB gaps the MongoDB store works around', () => {
  let ferretDb: FerretDb;
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    ferretDb = await startFerretDb();
    client = new MongoClient(ferretDb.uri, { serverSelectionTimeoutMS: 5000 });
    db = client.db('gaps');
  });
  afterAll(async () => {
    await client.close();
    await ferretDb.remove();
  });

  it('reports a unique-index violation by an update as InternalError with SQLite\'s message, not E11000', async () => {
    const records = db.collection('unique_update');
    await records.createIndex({ key: 1 }, { name: 'by_key', unique: true });
    await records.insertMany([{ key: 'a' }, { key: 'b' }]);
    const error = await records.updateOne({ key: 'b' }, { $set: { key: 'a' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(1);
    expect((error as MongoServerError).message).toMatch(/UNIQUE constraint failed: index '[^']*_by_key'/);
    const onInsert = await records.insertOne({ key: 'a' }).catch((caught: unknown) => caught);
    expect((onInsert as MongoServerError).code).toBe(11000);
    expect((onInsert as MongoServerError).keyPattern).toBeUndefined();
  });

  it('matches nothing with $elemMatch over an array of documents', async () => {
    const records = db.collection('elem_match');
    await records.insertOne({ emails: [{ type: 'work', value: 'a@x' }] });
    expect(await records.countDocuments({ 'emails.type': 'work' })).toBe(1);
    expect(await records.countDocuments({ emails: { $elemMatch: { type: { $eq: 'work' } } } })).toBe(0);
    expect(await records.countDocuments({ 'emails.0.type': 'work' })).toBe(1);
  });

  it('drops the connection when one createIndexes command names several indexes that exist', async () => {
    const records = db.collection('create_indexes');
    const indexes: IndexDescription[] = [
      { name: 'one', key: { a: 1 } },
      { name: 'two', key: { b: 1 } },
    ];
    await records.createIndexes(indexes);
    await expect(records.createIndexes(indexes)).rejects.toThrow(/closed/);
    await expect(records.createIndex({ a: 1 }, { name: 'one' })).resolves.toBe('one');
  });

  it('refuses a projection on findAndModify', async () => {
    const records = db.collection('find_and_modify');
    await records.insertOne({ version: 1 });
    await expect(records.findOneAndUpdate({ version: 1 }, { $set: { version: 2 } }, { projection: { version: 1 } })).rejects.toThrow(/not implemented/);
  });
});
