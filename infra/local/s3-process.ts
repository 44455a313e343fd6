/** s3rver in its own process (see startS3LocalProcess): port as the first argument; prints "ready". */
import { startS3Local } from './s3';

const port = Number(process.argv[2]);
startS3Local({ port }).then(
  (s3) => {
    process.stdout.write('ready\n');
    const stop = () => void s3.stop().finally(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (e: unknown) => {
    console.error('[s3rver] failed to start', e);
    process.exit(1);
  },
);
