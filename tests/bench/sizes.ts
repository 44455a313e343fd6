/**
 * `npm run bench -- sizes`: the weapp package as WeChat counts it and each packaged Lambda function.
 * (No DynamoDB is involved; it builds and measures.)
 */
import { buildWeapp, packageFunctions } from '../build/measure';

export async function main() {
  const w = buildWeapp();
  const p = packageFunctions();
  const kb = (b: number) => Number((b / 1024).toFixed(1));
  console.log(`weapp main package ${kb(w.mainBytes)} KB (limit 2048), total ${kb(w.totalBytes)} KB`);
  for (const [root, size] of Object.entries(w.subpackages)) console.log(`weapp subpackage ${root} ${kb(size)} KB (limit 2048)`);
  for (const [fn, size] of Object.entries(p.zips)) console.log(`function ${fn}.zip ${kb(size)} KB`);
  return {
    bench: 'sizes',
    weappMainKB: kb(w.mainBytes),
    weappSubpackagesKB: Object.fromEntries(Object.entries(w.subpackages).map(([k, v]) => [k, kb(v)])),
    weappTotalKB: kb(w.totalBytes),
    functionZipKB: Object.fromEntries(Object.entries(p.zips).map(([k, v]) => [k, kb(v)])),
  };
}
