"""Editing manifests as text (docs/design.md, "Editing").

The library: `promote.promote_text` and `fixes.fix_text` take a text and give the edited text
with what was done (`fixes.safe_fixes`: the fixes of one pass, each an edit of the text given);
`splice.line_edits` describes any change as an editor's text edits, `splice.text_edit` one edit.
Texts are as the loader parses them: decoded, without a byte order mark. The command line does the
files (`files`, `commands`). Nothing here is imported unless a command edits, and this module
imports none of its parts.
"""
