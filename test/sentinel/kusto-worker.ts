/**
 * Runs the Kusto language service in a plain Node process: Jest's sandbox (a vm context) makes the Bridge.NET code's
 * many global lookups about twice as slow. Reads `[{ query, dialect }]` as JSON on stdin, writes the analyses as JSON.
 */
import * as fs from 'fs';
import { analyzeKql, KqlDialect } from './kusto';

const requests = JSON.parse(fs.readFileSync(0, 'utf8')) as Array<{ query: string; dialect: KqlDialect }>;
process.stdout.write(JSON.stringify(requests.map((r) => analyzeKql(r.query, r.dialect))));
