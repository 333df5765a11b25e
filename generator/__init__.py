"""News dossier generator: raw news texts in, front-matter Markdown and a MkDocs site out."""
