// The SQL page's editor: CodeMirror 6 with its SQL language (highlighting, bracket matching, completion of
// keywords and of the warehouse's tables, views and columns with their comments), Ctrl+Enter to run, and
// sql-formatter's DuckDB dialect to lay a query out. Built by build.sh into sql-editor.min.js, which the app
// serves under a fingerprinted name to the SQL page alone (dashboard/sql/editor.py).
//
// The page keeps its query in a Dash textarea (#sql-editor): the editor is drawn over it and writes every
// change back into it (as typing would), and the page's callbacks write into it through SqlEditor.sync, so
// the callbacks read and set the query as before and the page still works where this script cannot run.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  highlightSpecialChars } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { sql, PostgreSQL } from '@codemirror/lang-sql';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentOnInput } from '@codemirror/language';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { formatDialect, duckdb } from 'sql-formatter';

const views = {}; // textarea id -> its EditorView
const language = new Compartment();

// The warehouse's catalogue as the page gives it: [{name, kind, comment, columns: [{name, type, comment}]}].
function sqlLanguage(catalogue) {
  const schema = {};
  const tables = [];
  for (const rel of catalogue || []) {
    schema[rel.name] = (rel.columns || []).map((c) => ({
      label: c.name, type: 'property', detail: c.type, info: c.comment || undefined,
    }));
    tables.push({ label: rel.name, type: rel.kind === 'view' ? 'class' : 'type', detail: rel.kind,
      info: rel.comment || undefined });
  }
  return sql({ dialect: PostgreSQL, schema, tables, upperCaseKeywords: true });
}

// Set a React-controlled textarea's value as typing would, so Dash hears of it.
function writeBack(textarea, text) {
  if (textarea.value === text) return;
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
  setter.call(textarea, text);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

function attach(id, options) {
  const textarea = document.getElementById(id);
  if (!textarea) return null;
  const old = views[id];
  if (old && old.dom.isConnected && old.textarea === textarea) return old;
  if (old) old.destroy();
  const host = document.createElement('div');
  host.className = 'sqled-editor';
  host.id = id + '-cm';
  textarea.insertAdjacentElement('afterend', host);
  const run = () => { const b = document.getElementById(options.run || 'sql-run'); if (b) b.click(); return true; };
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }), bracketMatching(),
        closeBrackets(), autocompletion({ icons: false }), highlightActiveLine(), highlightSelectionMatches(),
        lintGutter(),
        keymap.of([{ key: 'Mod-Enter', run, preventDefault: true }, { key: 'Shift-Alt-f', run: () => format(id) },
          ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap,
          indentWithTab]),
        language.of(sqlLanguage(options.catalogue)),
        EditorView.lineWrapping,
        EditorView.theme({
          '&': { border: '1px solid var(--line, #ccc)', borderRadius: '4px', background: '#fff', fontSize: '0.9rem' },
          '&.cm-focused': { outline: '2px solid var(--accent, #0072B2)', outlineOffset: '1px' },
          '.cm-scroller': { minHeight: '13rem', maxHeight: '60vh', overflow: 'auto',
            fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Sarabun', monospace", lineHeight: '1.6' },
          '.cm-gutters': { background: '#f6f6f6', color: '#555', borderRight: '1px solid #e3e3e3' },
          '.cm-tooltip.cm-tooltip-autocomplete > ul': { maxWidth: '40rem' },
          '.cm-completionInfo': { maxWidth: '28rem', whiteSpace: 'pre-wrap' },
        }),
        EditorView.contentAttributes.of({ 'aria-label': options.label || 'SQL', 'aria-multiline': 'true',
          spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) {
            writeBack(textarea, u.state.doc.toString());
            u.view.dispatch(setDiagnostics(u.state, []));
          }
        }),
      ],
    }),
  });
  view.textarea = textarea;
  textarea.hidden = true;
  views[id] = view;
  return view;
}

// The page set the query (a saved query, a line of history, a tab): show it in the editor.
function sync(id, text) {
  const view = views[id];
  if (!view || text == null) return;
  const now = view.state.doc.toString();
  if (now !== text) view.dispatch({ changes: { from: 0, to: now.length, insert: text } });
}

function setCatalogue(id, catalogue) {
  const view = views[id];
  if (view) view.dispatch({ effects: language.reconfigure(sqlLanguage(catalogue)) });
}

function formatText(text) {
  return formatDialect(text, { dialect: duckdb, keywordCase: 'upper', tabWidth: 4, linesBetweenQueries: 1 });
}

// Lay the query out; a query the formatter cannot read is left as it is (the answer says: false).
function format(id) {
  const view = views[id];
  if (!view) return false;
  const text = view.state.doc.toString();
  let out;
  try { out = formatText(text); } catch (e) { return false; }
  if (out !== text) view.dispatch({ changes: { from: 0, to: text.length, insert: out } });
  return true;
}

// An error DuckDB placed at line `line`, column `col` (both from 1) of the query, `length` characters long.
function markError(id, at, message) {
  const view = views[id];
  if (!view) return;
  if (!at) { view.dispatch(setDiagnostics(view.state, [])); return; }
  const doc = view.state.doc;
  const line = doc.line(Math.max(1, Math.min(at.line, doc.lines)));
  const from = Math.min(line.from + Math.max(0, at.col - 1), line.to);
  const to = Math.min(Math.max(from + (at.length || 1), from), line.to);
  view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message: message || '' }]));
  view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
}

function text(id) { const v = views[id]; return v ? v.state.doc.toString() : null; }
function focus(id) { const v = views[id]; if (v) v.focus(); }

window.SqlEditor = { attach, sync, setCatalogue, format, formatText, markError, text, focus, views };
