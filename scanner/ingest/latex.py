"""LaTeX source -> readable lines for :class:`~scanner.ingest.draft.DraftBuilder` (pure text work).

Line by line, so every line of text keeps its ``file:line``: comments are stripped (and kept
in the builder's raw ``sources``), ``\\input``/``\\include`` are followed relative to the main
file's folder (as LaTeX does when run there), ``\\section``-level commands and the
``abstract``/``thebibliography`` environments become headings, ``\\caption`` becomes
``Table N: ...``/``Figure N: ...``, and inline markup is reduced to its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import InputError
from scanner.ingest.draft import DraftBuilder, read_source
from scanner.ingest.latexkeys import note_bibliography, note_definitions, note_uses

_LEVELS = {"part": 1, "chapter": 1, "section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4}
_HEADING = re.compile(
    r"\\(part|chapter|section|subsection|subsubsection|paragraph)(\*?)\s*(?:\[[^\]]*\])?\s*(?=\{)"
)
_INCLUDE = re.compile(r"\\(?:input|include|subfile)\s*\{([^}]+)\}")
_BEGIN = re.compile(r"\\begin\{(\w+\*?)\}")
_END = re.compile(r"\\end\{(\w+\*?)\}")
_CAPTION = re.compile(r"\\caption\*?\s*(?:\[[^\]]*\])?\s*(?=\{)")
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{[^}]*\}")
_FRONT = re.compile(r"\\(title|author)\s*(?:\[[^\]]*\])?\s*(?=\{)")
_ESCAPES = (("\\%", "%"), ("\\&", "\x01"), ("\\_", "_"), ("\\#", "#"), ("\\{", "\x02"), ("\\}", "\x03"))
_AUTHOR_NOISE = re.compile(r"\\thanks\{[^}]*\}|\$[^$]*\$|\\textsuperscript\{[^}]*\}")
_SKIP_ENVS = {"comment", "verbatim", "lstlisting", "minted", "tikzpicture"}

_CITE = re.compile(r"\\(?:cite|citep|citet|citealp|citeauthor|citeyear|parencite|textcite|autocite)\*?"
                   r"(?:\[[^\]]*\])*\{([^}]*)\}")
_REF = re.compile(r"\\(?:ref|eqref|autoref|cref|Cref|pageref|nameref)\*?\{([^}]*)\}")
_HREF = re.compile(r"\\href\{([^}]*)\}\{([^{}]*)\}")
_URL = re.compile(r"\\url\{([^}]*)\}")
_TODO_NOTE = re.compile(r"\\(?:todo|missingfigure)\s*(?:\[[^\]]*\])?\s*(?=\{)")  # the note prints: keep its text
_FOOTNOTE = re.compile(r"\\footnote(?:\[[^\]]*\])?\{([^{}]*)\}")
_DROP = re.compile(
    r"\\(?:label|vspace|hspace|includegraphics|bibliographystyle|bibliography|usepackage|documentclass|"
    r"setlength|addtolength|setcounter|cline|cmidrule|newcommand|renewcommand|thispagestyle|pagestyle|"
    r"captionsetup|resizebox|scalebox|multicolumn|multirow|phantomsection|addbibresource|hypersetup)"
    r"\*?(?:\[[^\]]*\])?(?:\{[^{}]*\})?"
)
_FORMAT = re.compile(
    r"\\(?:textbf|textit|emph|underline|texttt|textsc|textrm|textsf|textnormal|mbox|text|mathrm|mathbf|"
    r"mathit|mathsf|mathtt|mathcal|mathbb|bm|boldsymbol|operatorname|uline|hl|small|footnotesize)\s*\{([^{}]*)\}"
)
_SYMBOLS = {
    "pm": "±", "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "approx": "≈", "sim": "~",
    "neq": "≠", "cdot": "·", "rightarrow": "→", "to": "→", "infty": "∞", "ldots": "...", "dots": "...",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "rho": "ρ", "sigma": "σ", "tau": "τ", "chi": "χ",
    "omega": "ω", "phi": "φ", "psi": "ψ", "pi": "π", "textasciitilde": "~", "S": "§", "LaTeX": "LaTeX",
}
_SYMBOL = re.compile(r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])")


def strip_comment(line: str) -> str:
    """``line`` without its ``%`` comment (an escaped ``\\%`` is text, not a comment)."""
    for m in re.finditer(r"%", line):
        backslashes = len(line[: m.start()]) - len(line[: m.start()].rstrip("\\"))
        if backslashes % 2 == 0:
            return line[: m.start()]
    return line


def braced(text: str, start: int) -> tuple[str, int]:
    """Content of the balanced ``{...}`` opening at ``text[start]`` and the index after it.

    An unclosed group runs to the end of the line (the rest of it is on the next lines).
    """
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
    return text[start + 1 :], len(text)


def latex_to_text(code: str) -> str:
    """Inline LaTeX (one line, comment already stripped) reduced to readable text."""
    s = code.replace("\\\\", " ").replace("\\$", "\x00")
    for esc, plain in _ESCAPES:
        s = s.replace(esc, plain)
    s = s.replace("&", " | ").replace("\x01", "&")
    s = _CITE.sub(lambda m: "[" + ", ".join(k.strip() for k in m.group(1).split(",")) + "]", s)
    s = _REF.sub(lambda m: re.sub(r"[^A-Za-z]+", "-", m.group(1)).strip("-") or "ref", s)
    s = _TODO_NOTE.sub(" ", s)
    s = _HREF.sub(r"\2 (\1)", s)
    s = _URL.sub(r"\1", s)
    s = _DROP.sub("", s)
    s = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1)], s)
    s = re.sub(r"\\[,;:! ]", " ", s)
    for _ in range(4):  # nested formatting: innermost first
        new = _FOOTNOTE.sub(r" (\1)", _FORMAT.sub(r"\1", s))
        if new == s:
            break
        s = new
    s = re.sub(r"\\item\s*(?:\[([^\]]*)\])?", lambda m: f"- {m.group(1) or ''} ", s)
    s = re.sub(r"\\(?:begin|end)\{[^}]*\}(?:\{[^}]*\}|\[[^\]]*\])*", " ", s)
    s = re.sub(r"\\[A-Za-z]+\*?", "", s)
    s = re.sub(r"\\(.)", r"\1", s)
    s = s.replace("---", "\u2014").replace("--", "\u2013").replace("``", "'").replace("''", "'")
    s = s.replace("$", "").replace("{", "").replace("}", "").replace("~", " ")
    return s.replace("\x00", "$").replace("\x02", "{").replace("\x03", "}")


@dataclass
class _State:
    """Where the reader is: document body or preamble, floats, counters, skipped environments."""

    root: Path
    in_document: bool
    ended: bool = False
    skip_env: str | None = None
    float_kind: str | None = None
    counters: dict[str, int] = field(default_factory=lambda: {"table": 0, "figure": 0, "bib": 0})
    numbers: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    appendix: bool = False
    stack: list[Path] = field(default_factory=list)


def read_latex(main: Path, builder: DraftBuilder) -> None:
    """Feed the draft rooted at ``main`` (following its includes) into ``builder``."""
    text = read_source(main).decode("utf-8", errors="replace")
    state = _State(root=main.parent, in_document="\\begin{document}" not in strip_comments(text))
    _read_file(main, text, state, builder)


def strip_comments(text: str) -> str:
    """The whole source without comments (to look for ``\\begin{document}``)."""
    return "\n".join(strip_comment(line) for line in text.splitlines())


def _name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _resolve(arg: str, state: _State, where: str) -> Path:
    path = state.root / arg.strip()
    candidates = [path] if path.suffix == ".tex" else [path.with_name(path.name + ".tex"), path]
    for cand in candidates:
        if cand.is_file():
            return cand
    raise InputError(f"{where}: included file {arg.strip()!r} not found (looked for {candidates[0]})",
                     hint="paths in \\input/\\include are relative to the main .tex file's folder")


def _read_file(path: Path, text: str, state: _State, builder: DraftBuilder) -> None:
    if path.resolve() in state.stack:
        raise InputError(f"{path}: \\input cycle ({' -> '.join(p.name for p in state.stack + [path])})")
    state.stack.append(path.resolve())
    name = _name(path, state.root)
    lines = text.splitlines()
    builder.sources[name] = lines
    for no, raw in enumerate(lines, start=1):
        builder.visit(name)
        if state.ended:
            continue
        code = strip_comment(raw)
        if not code.strip():
            if not raw.strip():
                builder.paragraph()
            continue
        pos = 0
        for m in _INCLUDE.finditer(code):
            _segment(code[pos : m.start()], state, builder, name, no)
            child = _resolve(m.group(1), state, f"{name}:{no}")
            _read_file(child, read_source(child).decode("utf-8", errors="replace"), state, builder)
            pos = m.end()
        _segment(code[pos:], state, builder, name, no)
    state.stack.pop()


def _segment(code: str, state: _State, builder: DraftBuilder, name: str, no: int) -> None:
    """One piece of a source line (between includes)."""
    if not code.strip() or state.ended:
        return
    if state.skip_env:
        if f"\\end{{{state.skip_env}}}" in code:
            state.skip_env = None
        return
    note_definitions(code, builder.marks)
    note_bibliography(code, state.root, builder.marks, name, no)
    front = _FRONT.search(code)
    if front:
        value, after = braced(code, front.end())
        _front_matter(front.group(1), value, builder, name, no)
        code = code[:front.start()] + code[after:]
    if not state.in_document:
        if "\\begin{document}" in code:
            state.in_document = True
            _segment(code.split("\\begin{document}", 1)[1], state, builder, name, no)
        return
    if "\\end{document}" in code:
        state.ended = True
        code = code.split("\\end{document}", 1)[0]
    note_uses(code, builder.marks, name, no)
    _body(code, state, builder, name, no)


def _front_matter(what: str, value: str, builder: DraftBuilder, name: str, no: int) -> None:
    if what == "title":
        builder.title = " ".join(latex_to_text(value).split())
        builder.add(builder.title, name, no)
    else:
        names = re.split(r"\\and|,|\\\\", _AUTHOR_NOISE.sub("", value))
        builder.authors = [" ".join(latex_to_text(n).split()) for n in names if latex_to_text(n).strip()][:50]
        builder.add(", ".join(builder.authors), name, no)


def _body(code: str, state: _State, builder: DraftBuilder, name: str, no: int) -> None:
    for m in _BEGIN.finditer(code):
        env = m.group(1)
        if env.rstrip("*") in _SKIP_ENVS and f"\\end{{{env}}}" not in code[m.end():]:
            _body(code[: m.start()], state, builder, name, no)
            state.skip_env = env
            return
        if env.rstrip("*") in ("table", "figure"):
            state.float_kind = env.rstrip("*")
        elif env == "abstract":
            builder.heading("Abstract", 1, None, name, no)
        elif env == "thebibliography":
            builder.heading("References", 1, None, name, no)
    if re.search(r"\\end\{(?:table|figure)\*?\}", code):
        state.float_kind = None
    if "\\appendix" in code:
        state.appendix = builder.in_appendix = True
        state.numbers = [0, 0, 0, 0]
        code = code.replace("\\appendix", "")
    head = _HEADING.search(code)
    if head:
        _body(code[: head.start()], state, builder, name, no)
        title, after = braced(code, head.end())
        _heading(head.group(1), bool(head.group(2)), title, state, builder, name, no)
        _body(code[after:], state, builder, name, no)
        return
    cap = _CAPTION.search(code)
    if cap:
        caption, after = braced(code, cap.end())
        kind = state.float_kind or "figure"
        state.counters[kind] += 1
        label = f"{kind.title()} {state.counters[kind]}: "
        code = code[: cap.start()] + "\n" + label + caption + "\n" + code[after:]
    bib = _BIBITEM.search(code)
    if bib:
        state.counters["bib"] += 1
        entry = f"[{state.counters['bib']}] " + latex_to_text(code[bib.end():])
        builder.add(entry, name, no, entry_start=True)
        return
    for piece in code.split("\n"):
        builder.add(latex_to_text(piece), name, no)


def _heading(command: str, starred: bool, title: str, state: _State, builder: DraftBuilder, name: str,
             no: int) -> None:
    level = _LEVELS[command]
    number = None
    if not starred and level <= 3:
        state.numbers[level - 1] += 1
        state.numbers[level:] = [0] * (len(state.numbers) - level)
        parts = [str(n) for n in state.numbers[:level]]
        if state.appendix:
            parts[0] = chr(ord("A") + state.numbers[0] - 1)
        number = ".".join(parts)
    builder.heading(" ".join(latex_to_text(title).split()), level, number, name, no)
