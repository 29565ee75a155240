/**
 * The SQL editor, loaded with import() the first time a SQL cell is shown, so CodeMirror is not
 * in the app's first download.
 */
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { PostgreSQL, SQLDialect, sql } from '@codemirror/lang-sql';
import { tags } from '@lezer/highlight';

/** DuckDB's SQL: PostgreSQL's words plus DuckDB's own. */
const DuckDB = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} qualify pivot unpivot summarize describe exclude replace columns struct list map union_by_name sample using positional asof anti semi ilike glob lambda macro`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} hugeint ubigint uinteger usmallint utinyint blob duckdb_columns duckdb_tables read_csv read_csv_auto`,
});

/** Colours from the app's CSS variables, so the editor follows the light and dark themes. */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword], color: 'var(--accent)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--ok)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--warn)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--text-muted)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--accent)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: '13px', border: '1px solid var(--border)', borderRadius: 'var(--radius)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)', minHeight: '3.2em' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--surface-2) 55%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-2)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent)',
  },
  '.cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent)', outline: '1px solid var(--accent)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
});

/** Table name → column names, for completion. */
export type SqlSchema = Record<string, string[]>;

export interface SqlEditorHandle {
  setSchema(schema: SqlSchema): void;
  setText(text: string): void;
  focus(): void;
  destroy(): void;
}

export function createSqlEditor(options: {
  parent: HTMLElement;
  text: string;
  label: string;
  schema: SqlSchema;
  onChange: (text: string) => void;
  onRun: () => void;
}): SqlEditorHandle {
  const language = new Compartment();
  const sqlConfig = (schema: SqlSchema) => sql({ dialect: DuckDB, schema, upperCaseKeywords: true });
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }])),
        basicSetup,
        language.of(sqlConfig(options.schema)),
        syntaxHighlighting(highlight),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    setSchema: (schema) => view.dispatch({ effects: language.reconfigure(sqlConfig(schema)) }),
    setText: (text) => {
      if (text !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
