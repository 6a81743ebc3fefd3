"""`ai-readiness lsp`: the language server (README.md, "Editor"; docs/design.md, "Language server").

`server` is the protocol (pygls, the optional extra `ai-readiness[lsp]`); what it says comes from
`documents` (a buffer judged as `lint -` judges standard input), `actions` (the fixes, promote and
waivers as text edits), `hover` (a key's description and the rules that check it) and `positions`
(our 1-based code-point spans as the protocol's positions). Only `server` imports pygls.
"""
