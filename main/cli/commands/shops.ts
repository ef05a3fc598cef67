/**
 * `widget-token shops [--profile NAME] [--json]`: Get Authorized Shops. Ids are strings
 * holding all their digits, in the table and in the JSON.
 */
import type { ShopsResult } from '../../../preload/contract';
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { jsonObject, jsonString, jsonText } from '../json-output';
import { writeOut } from '../output';
import { targetProfile, terminalText } from './auth-text';

const spec = COMMAND_SPECS.shops;

function shopsJson(result: ShopsResult): string {
  return jsonText({
    type: 'array',
    items: result.shops.map((shop) =>
      jsonObject([
        ['id', jsonString(shop.id)],
        ['name', jsonString(shop.name)],
        ['region', jsonString(shop.region)],
        ['sellerType', jsonString(shop.sellerType)],
        ['code', jsonString(shop.code)],
        ['cipher', jsonString(shop.cipher)],
      ]),
    ),
  });
}

function shopsTable(result: ShopsResult): string {
  if (result.shops.length === 0) return `The seller authorized no shop for profile "${result.profile}".\n`;
  const header = ['ID', 'NAME', 'REGION', 'SELLER TYPE', 'CODE', 'CIPHER'];
  const rows = result.shops.map((shop) => [shop.id, shop.name, shop.region, shop.sellerType, shop.code, shop.cipher].map(terminalText));
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), ''].join('\n');
}

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    const result = await cli.auth.shops(await targetProfile(cli, values.get('--profile')));
    await writeOut(switches.has('--json') ? shopsJson(result) : shopsTable(result));
    return 0;
  } finally {
    await cli.close();
  }
}
