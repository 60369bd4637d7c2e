/** The tenancy contract on the MongoDB store (FerretDB of its own, or MONGODB_URI), each test on a new database. */
import { MongoStore } from '../../services/identity/store/mongo/mongo-store';
import { testMongoServer, type TestMongoServer } from '../support/mongo';
import { tenancyContract } from './tenancy-contract';

let server: TestMongoServer;
beforeAll(async () => {
  server = await testMongoServer();
});
afterAll(() => server.release());

tenancyContract('MongoDB', () => MongoStore.open(server.newDatabase()));
