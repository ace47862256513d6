/** `--output csv|tsv --fields`: the columns, the quoting, and UTF-8 left as it is (src/core/table.ts). */
import { describe, expect, it } from 'vitest';
import { parseFields, tableRows, type TableSpec } from '../../src/core/table.js';

const spec = (format: 'csv' | 'tsv', fields: string): TableSpec => ({ format, columns: parseFields(fields) });

describe('--fields', () => {
  it('splits at the commas outside a quoted key; each column is a path', () => {
    expect(parseFields('offer_id, price.value,a["x,y"],images[0]').map((c) => c.name)).toEqual(['offer_id', 'price.value', 'a["x,y"]', 'images[0]']);
    expect(() => parseFields('a,')).toThrow(/an empty field/);
    expect(() => parseFields('a[')).toThrow(/^--fields 'a\[': missing '\]'/);
  });
});

describe('rows', () => {
  const item = { offer_id: 'A-1', name: 'Чайник "Эко", 1,7 л', price: { value: 1290.5 }, stock: 0, active: false, note: null, images: ['a.jpg', 'b.jpg'], text: 'line 1\nline 2\tend \\ x' };

  it('csv: a header row; a cell with a comma, a quote or a line break quoted, its quotes doubled; Cyrillic as it is', () => {
    const text = tableRows(spec('csv', 'offer_id,name,price.value,stock,active,note,missing,images[],images[0],text'), [item], true);
    expect(text).toBe(
      'offer_id,name,price.value,stock,active,note,missing,images[],images[0],text\n' +
        `A-1,"Чайник ""Эко"", 1,7 л",1290.5,0,false,,,"[""a.jpg"",""b.jpg""]",a.jpg,"line 1\nline 2\tend \\ x"\n`,
    );
    expect(parseCsv(text)).toEqual([
      ['offer_id', 'name', 'price.value', 'stock', 'active', 'note', 'missing', 'images[]', 'images[0]', 'text'],
      ['A-1', 'Чайник "Эко", 1,7 л', '1290.5', '0', 'false', '', '', '["a.jpg","b.jpg"]', 'a.jpg', 'line 1\nline 2\tend \\ x'],
    ]);
  });

  it('tsv: tabs between cells; a tab, a line break or a backslash in a cell escaped', () => {
    expect(tableRows(spec('tsv', 'offer_id,name,text'), [item], false)).toBe('A-1\tЧайник "Эко", 1,7 л\tline 1\\nline 2\\tend \\\\ x\n');
  });

  it('an object cell is its compact JSON', () => {
    expect(tableRows(spec('csv', 'price'), [item], false)).toBe('"{""value"":1290.5}"\n');
  });
});

/** A reader of RFC 4180, written independently of the writer, to read back what it wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  return rows;
}
