/** Setup of the jest project that runs the e2e suites on MongoDB (jest.config.js): startStack() reads it. */
process.env.OPENSCIM_TEST_STORE = 'mongo';
