/**
 * `npm run bench -- NAME`: runs tests/bench/NAME.ts. Each benchmark starts its own DynamoDB Local,
 * prints what it measured and ends with one line holding a JSON object of its figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ||= 'ERROR';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(__dirname, `${name}.ts`))) {
  console.error(`usage: npm run bench -- NAME   (a file tests/bench/NAME.ts; got ${name ?? 'nothing'})`);
  process.exit(2);
}
import(join(__dirname, name))
  .then((m: { main: () => Promise<Record<string, unknown>> }) => m.main())
  .then((figures) => {
    console.log(JSON.stringify(figures));
    process.exit(0);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
