// Starts one AWS-compatible emulator on 127.0.0.1 only (the CLIs of some bind every interface),
// prints "listening <port>" once ready, and exits when stdin closes or after --max-seconds, so a
// test that dies never leaves it behind. Usage: node start.js dynalite|kinesalite|s3rver [dir]
'use strict';
const kind = process.argv[2];
const dir = process.argv[3];
const maxSeconds = Number(process.env.EMULATOR_MAX_SECONDS || 600);

function ready(server) {
  const { port } = server.address();
  process.stdout.write(`listening ${port}\n`);
}

async function main() {
  if (kind === 'dynalite' || kind === 'kinesalite') {
    const server = require(kind)({ createTableMs: 0, createStreamMs: 0, deleteTableMs: 0,
                                   deleteStreamMs: 0, updateTableMs: 0, updateStreamMs: 0 });
    server.listen(0, '127.0.0.1', () => ready(server));
  } else if (kind === 's3rver') {
    const S3rver = require('s3rver');
    const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir,
                            vhostBuckets: false });
    const { port } = await s3.run();
    process.stdout.write(`listening ${port}\n`);
  } else {
    console.error(`unknown emulator: ${kind}`);
    process.exit(2);
  }
}

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), maxSeconds * 1000).unref();
main().catch((e) => { console.error(e); process.exit(1); });
