// duckdb.mjs - the DuckDB peer of `make bench`, through its node API.
// A bench-only peer: wl never depends on it.
//   node duckdb.mjs do|notes|count JOURNAL [OUT]
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, file, out] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const src = `read_json_auto('${file}', format='newline_delimited')`;
const where = { do: "type='note' AND kind='do'", notes: "type='note'" }[mode];
if (where)
	await con.run(`COPY (SELECT * FROM ${src} WHERE ${where}) TO '${out}' (FORMAT JSON)`);
else
	await con.runAndReadAll(`SELECT type, count(*) FROM ${src} GROUP BY type`);
