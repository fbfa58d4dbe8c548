"""A bank's history: a frozen manifest of each released version (its question ids, types, texts
and option values, as answer files name them) and the migration steps from each release to the
next. Both are data in the bank (`questions/versions/X.Y.yaml`, `questions/migrations/A-to-B.yaml`),
read only when a file of another version turns up or `validate` checks them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import Field, ValidationError, model_validator

from readiness import yamlio
from readiness.errors import BankError, Diagnostic, ReadinessError
from readiness.loading import BANK_FILE_LIMIT, pydantic_diagnostics
from readiness.model import NUMERIC_TYPES, Bank, QuestionType, Strict

VERSIONS_DIR = "versions"
MIGRATIONS_DIR = "migrations"


class ManifestQuestion(Strict):
    """A question as a released version asked it: what an answer to it may hold."""

    type: QuestionType
    text: str
    unknown: bool = True
    options: tuple[str, ...] = ()


class Manifest(Strict):
    """The questions of one released version of a bank, frozen when it was released."""

    bank: str
    version: str
    questions: dict[str, ManifestQuestion]


class Band(Strict):
    """Numbers up to `upto` (inclusive) become the option `value`; the last band has no limit."""

    upto: float | None = None
    value: str


class Target(Strict):
    """One of the questions an old question is split into, with how its options carry."""

    to: str
    options: dict[str, str | None] = Field(default_factory=dict)


class Step(Strict):
    """What becomes of one question of the older version: renamed, its options renamed or
    merged (an option mapped to null is retired), a number mapped to bands, split into several
    questions, or retired. `why` is shown to users wherever an answer is retired."""

    question: str
    rename: str | None = None
    options: dict[str, str | None] = Field(default_factory=dict)
    bands: tuple[Band, ...] = ()
    split: tuple[Target, ...] = ()
    retire: str | None = Field(None, min_length=1)
    why: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Step:
        changes = [name for name in ("rename", "options", "bands", "split") if getattr(self, name)]
        if self.retire is not None and changes:
            raise ValueError(f"a step that retires a question does nothing else (remove {', '.join(changes)})")
        if self.split and set(changes) - {"split"}:
            raise ValueError("a split says how each target takes the options (move rename/options/bands into split)")
        if self.bands and self.options:
            raise ValueError("bands map a number to options, options map options: a step has one or the other")
        if self.bands and any(band.upto is None for band in self.bands[:-1]):
            raise ValueError("only the last band may leave out `upto`")
        if self.bands and self.bands[-1].upto is not None:
            raise ValueError("the last band leaves out `upto`, so that every number lands in a band")
        limits = [band.upto for band in self.bands if band.upto is not None]
        if limits != sorted(limits):
            raise ValueError("bands go from the lowest `upto` to the highest")
        if self.retire is None and self.drops() and not (self.why or "").strip():
            raise ValueError("this step retires some answers: say why in `why` (users read it in their reports)")
        return self

    def drops(self) -> bool:
        """Whether some answers of the old question are retired by this step."""
        maps = [self.options, *(target.options for target in self.split)]
        return self.retire is not None or any(value is None for mapping in maps for value in mapping.values())

    def targets(self) -> list[str]:
        """The questions of the newer version this step's answers go to."""
        if self.retire is not None:
            return []
        return [target.to for target in self.split] if self.split else [self.rename or self.question]


class Migration(Strict):
    """The steps from one released version to the next."""

    from_version: str = Field(alias="from")
    to: str
    steps: tuple[Step, ...] = ()

    def step(self, qid: str) -> Step | None:
        return next((step for step in self.steps if step.question == qid), None)


class Placed(NamedTuple):
    path: str
    source_map: yamlio.SourceMap

    def at(self, *loc: str | int) -> tuple[str, int, int]:
        return (self.path, *self.source_map.locate(loc))


class History(NamedTuple):
    """What a bank keeps of its earlier versions, with where each part was read from."""

    manifests: dict[str, tuple[Manifest, Placed]]
    migrations: dict[str, tuple[Migration, Placed]]  # by the version they lead from

    def chain(self, start: str, end: str) -> list[Migration]:
        """The migrations from `start` to `end`, in order (empty when they are the same);
        ValueError when the history has no such path."""
        steps: list[Migration] = []
        version, seen = start, {start}
        while version != end:
            found = self.migrations.get(version)
            if found is None:
                raise ValueError(version)
            steps.append(found[0])
            version = found[0].to
            if version in seen:
                raise ValueError(version)
            seen.add(version)
        return steps

    def versions(self, end: str) -> list[str]:
        """Every version known to the history that leads to `end`, oldest first."""
        reaching = [v for v in self.manifests if v != end and self.reaches(v, end)]
        return [*sorted(reaching, key=lambda v: len(self.chain(v, end)), reverse=True), end]

    def reaches(self, start: str, end: str) -> bool:
        try:
            self.chain(start, end)
        except ValueError:
            return False
        return True


EMPTY = History({}, {})


def history_of(bank: Bank) -> History:
    """The bank's history, read once per bank; BankError (with file and line) when it is malformed."""

    def read() -> History:
        history, problems = read_history(bank.root)
        if problems:
            raise BankError(problems)
        return history

    history: History = bank.derived("history", read)
    return history


def read_history(root: str | Path | None) -> tuple[History, list[Diagnostic]]:
    """The manifests and migrations under `root`/questions, and every shape problem in them."""
    if root is None:
        return EMPTY, []
    questions = Path(root) / "questions"
    problems: list[Diagnostic] = []
    manifests: dict[str, tuple[Manifest, Placed]] = {}
    for manifest, placed in _read_all(questions / VERSIONS_DIR, Manifest, problems):
        if manifest.version in manifests:
            other = manifests[manifest.version][1].path
            problems.append(Diagnostic(*placed.at("version"), "error", f"version {manifest.version} is also {other}"))
        manifests[manifest.version] = (manifest, placed)
    migrations: dict[str, tuple[Migration, Placed]] = {}
    for migration, placed in _read_all(questions / MIGRATIONS_DIR, Migration, problems):
        if migration.from_version in migrations:
            other = migrations[migration.from_version][1].path
            message = f"a second migration from version {migration.from_version} (the first is {other}; keep one)"
            problems.append(Diagnostic(*placed.at("from"), "error", message))
            continue
        migrations[migration.from_version] = (migration, placed)
    return History(manifests, migrations), problems


def _read_all(directory: Path, model: Any, problems: list[Diagnostic]) -> Iterator[tuple[Any, Placed]]:
    if not directory.is_dir():
        return
    for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml")):
        try:
            text = yamlio.read_text(str(path), BANK_FILE_LIMIT, BankError)
            data, source_map = yamlio.parse(text, str(path), BankError)
            yield model.model_validate(data), Placed(str(path), source_map)
        except ReadinessError as exc:
            problems.extend(exc.diagnostics)
        except ValidationError as exc:
            problems.extend(pydantic_diagnostics(exc, str(path), data, source_map))


def manifest_of(bank: Bank) -> Manifest:
    """The manifest of a bank's own version, as `freeze` writes it (built once per bank: every
    row of an old export asks for it)."""

    def build() -> Manifest:
        return Manifest(
            bank=bank.id,
            version=bank.version,
            questions={
                qid: ManifestQuestion(type=q.type, text=q.text, unknown=q.unknown, options=tuple(q.values))
                for qid, q in bank.questions.items()
            },
        )

    manifest: Manifest = bank.derived("manifest", build)
    return manifest


def freeze(bank: Bank) -> str:
    """The frozen manifest of the bank's version, as the YAML kept in questions/versions/."""
    manifest = manifest_of(bank)
    questions = {
        qid: {"type": q.type, "text": q.text, **({} if q.unknown else {"unknown": False}), **_options(q)}
        for qid, q in manifest.questions.items()
    }
    header = (
        f"# The questions of bank '{bank.id}' version {bank.version}, frozen when it was released: what its\n"
        "# answer files may hold. Never edit a released manifest; a changed bank is a new version, with a\n"
        "# migration in questions/migrations/ leading to it.\n"
    )
    return header + yamlio.dump({"bank": bank.id, "version": bank.version, "questions": questions})


def _options(question: ManifestQuestion) -> dict[str, Any]:
    return {"options": list(question.options)} if question.options else {}


def compatible(old: str, new: str) -> bool:
    """Whether an answer to a question of type `old` can stand, as it is, for one of type `new`."""
    families = (("yes_no", "choice"), NUMERIC_TYPES, ("multi",), ("text",))
    return any(old in family and new in family for family in families)
