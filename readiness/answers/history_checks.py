"""What `readiness validate` proves of a bank's history: the bank still matches the frozen
manifest of its version, every earlier version leads by migrations to the current one, and
each migration carries every question and option of the older version somewhere (or retires
it, saying why) into questions and options the newer version has."""

from __future__ import annotations

from collections.abc import Iterator

from readiness.answers.versions import (
    Band,
    History,
    Manifest,
    ManifestQuestion,
    Migration,
    Placed,
    Step,
    compatible,
    manifest_of,
    read_history,
)
from readiness.errors import Diagnostic
from readiness.model import NUMERIC_TYPES, Bank


def check_history(bank: Bank) -> list[Diagnostic]:
    """Every problem in the bank's manifests and migrations, with file and line."""
    history, problems = read_history(bank.root)
    if not history.manifests and not history.migrations:
        return problems
    problems += list(_frozen(bank, history))
    problems += list(_chain(bank, history))
    for migration, placed in history.migrations.values():
        old = history.manifests.get(migration.from_version)
        new = manifest_of(bank) if migration.to == bank.version else history.manifests.get(migration.to, (None,))[0]
        if old is not None and new is not None:
            problems += list(_MigrationCheck(migration, placed, old[0], new).problems())
    return problems


def _error(where: tuple[str, int, int], message: str) -> Diagnostic:
    return Diagnostic(*where, "error", message)


def _frozen(bank: Bank, history: History) -> Iterator[Diagnostic]:
    """The bank's questions against the manifest frozen when its version was released."""
    if bank.version not in history.manifests:
        where = (str(bank.root or ""), 0, 0)
        yield Diagnostic(
            *where,
            "warning",
            f"no frozen manifest of version {bank.version} in questions/versions/ "
            "(write it with `readiness validate --freeze` when the version is released)",
        )
        return
    frozen, placed = history.manifests[bank.version]
    current = manifest_of(bank)
    rule = f"a released version never changes: give the bank a new version, with a migration from {bank.version}"
    for qid, question in frozen.questions.items():
        now = current.questions.get(qid)
        if now is None:
            yield _error(placed.at("questions", qid), f"question '{qid}' of version {bank.version} is gone ({rule})")
        elif now.type != question.type or set(question.options) - set(now.options):
            lost = ", ".join(sorted(set(question.options) - set(now.options))) or f"type {question.type}"
            yield _error(placed.at("questions", qid), f"question '{qid}' no longer has {lost} ({rule})")
    for qid, now in current.questions.items():
        before = frozen.questions.get(qid)
        added = sorted(set(now.options) - set(before.options)) if before else []
        if before is None or added:
            what = f"question '{qid}'" if before is None else f"option {', '.join(added)} of '{qid}'"
            yield _error(placed.at("questions"), f"{what} is not in the frozen manifest of {bank.version} ({rule})")


def _chain(bank: Bank, history: History) -> Iterator[Diagnostic]:
    """Each migration's ends exist, and every earlier version reaches the current one."""
    known = set(history.manifests) | {bank.version}
    for migration, placed in history.migrations.values():
        if migration.from_version not in history.manifests:
            message = f"no frozen manifest of version {migration.from_version} (add questions/versions/"
            yield _error(placed.at("from"), message + f"{migration.from_version}.yaml)")
        if migration.to not in known:
            message = (
                f"version {migration.to} is neither in questions/versions/ nor this bank's version ({bank.version})"
            )
            yield _error(placed.at("to"), message)
    for version, (_, placed) in history.manifests.items():
        if version != bank.version and not history.reaches(version, bank.version):
            yield _error(placed.at("version"), _why_stuck(history, version, bank.version))


def _why_stuck(history: History, start: str, end: str) -> str:
    version, seen = start, [start]
    while version in history.migrations:
        version = history.migrations[version][0].to
        if version in seen:
            return f"the migrations from version {start} go round in a cycle ({' → '.join([*seen, version])})"
        seen.append(version)
    if version in history.manifests or version == start:
        gap = f"no migration leads on from version {version}"
        return f"{gap} to {end} (add questions/migrations/{version}-to-NEXT.yaml)"
    return f"the migrations from version {start} stop at {version}, which is no version of this bank"


class _MigrationCheck:
    """One migration checked step by step and for what it leaves out."""

    def __init__(self, migration: Migration, placed: Placed, old: Manifest, new: Manifest) -> None:
        self.migration, self.placed, self.old, self.new = migration, placed, old, new
        self.a, self.b = migration.from_version, migration.to

    def problems(self) -> Iterator[Diagnostic]:
        stepped: dict[str, int] = {}
        produced: dict[str, str] = {}
        for index, step in enumerate(self.migration.steps):
            if step.question in stepped:
                where = self.placed.at("steps", index, "question")
                yield _error(where, f"a second step for '{step.question}' (merge it into the first)")
                continue
            stepped[step.question] = index
            yield from self._step(index, step)
            yield from self._collisions(index, step.targets(), step.question, produced)
        for qid, question in self.old.questions.items():
            if qid not in stepped:
                yield from self._carried(qid, question)
                yield from self._collisions(None, [qid] if qid in self.new.questions else [], qid, produced)

    def _collisions(
        self, index: int | None, targets: list[str], qid: str, produced: dict[str, str]
    ) -> Iterator[Diagnostic]:
        for target in targets:
            if target in produced and produced[target] != qid:
                where = self.placed.at("steps", index) if index is not None else self.placed.at("steps")
                both = f"'{qid}' and '{produced[target]}' of version {self.a} both go to '{target}'"
                message = f"{both} (keep one; retire the other)"
                yield _error(where, message)
            produced.setdefault(target, qid)

    def _step(self, index: int, step: Step) -> Iterator[Diagnostic]:
        def at(*loc: str | int) -> tuple[str, int, int]:
            return self.placed.at("steps", index, *loc)

        old = self.old.questions.get(step.question)
        if old is None:
            yield _error(
                at("question"), f"step for '{step.question}', which version {self.a} does not have (check the id)"
            )
            return
        if step.retire is not None:
            return
        if step.split:
            for number, target in enumerate(step.split):
                yield from self._target(old, step.question, target.to, target.options, (), at("split", number))
            return
        where = at("rename") if step.rename else at()
        yield from self._target(old, step.question, step.rename or step.question, step.options, step.bands, where)

    def _target(
        self,
        old: ManifestQuestion,
        qid: str,
        target_id: str,
        options: dict[str, str | None],
        bands: tuple[Band, ...],
        where: tuple[str, int, int],
    ) -> Iterator[Diagnostic]:
        target = self.new.questions.get(target_id)
        if target is None:
            yield _error(where, f"'{target_id}' is no question of version {self.b} (check the id)")
            return
        if bands:
            if old.type not in NUMERIC_TYPES or not target.options:
                yield _error(
                    where,
                    f"bands map a number to options, but '{qid}' is {old.type} and '{target_id}' is {target.type}",
                )
            for band in bands:
                if band.value not in target.options:
                    yield _error(
                        where, f"band value '{band.value}' is not an option of '{target_id}' in version {self.b}"
                    )
            return
        if not compatible(old.type, target.type):
            yield _error(
                where,
                f"'{qid}' ({old.type}) cannot carry to '{target_id}' ({target.type}): map it with bands, or retire it",
            )
            return
        for key, value in options.items():
            if key not in old.options:
                yield _error(where, f"'{key}' is not an option of '{qid}' in version {self.a}")
            if value is not None and value not in target.options:
                yield _error(where, f"'{value}' is not an option of '{target_id}' in version {self.b}")
        forgotten = [o for o in old.options if o not in options and o not in target.options]
        if forgotten:
            listed = ", ".join(forgotten)
            yield _error(
                where,
                f"the step forgets option {listed} of '{qid}': '{target_id}' in version {self.b} has no such "
                "option (map it, or map it to ~ and say why)",
            )

    def _carried(self, qid: str, question: ManifestQuestion) -> Iterator[Diagnostic]:
        """A question no step names is carried as it is: the newer version must take its answers."""
        where = self.placed.at("steps")
        now = self.new.questions.get(qid)
        if now is None:
            yield _error(
                where,
                f"question '{qid}' of version {self.a} is not in {self.b} and no step says where it went "
                "(rename, split or retire it)",
            )
            return
        if not compatible(question.type, now.type):
            yield _error(
                where,
                f"question '{qid}' changed from {question.type} to {now.type} in {self.b} (add a step that maps it)",
            )
            return
        lost = [o for o in question.options if o not in now.options]
        if lost:
            yield _error(
                where,
                f"option {', '.join(lost)} of '{qid}' (version {self.a}) is not in {self.b} "
                "(map it in a step, or retire it)",
            )
