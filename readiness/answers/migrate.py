"""Carrying an answer file of an earlier version of the bank to the current one, in memory:
each answer carried as it is, mapped (renamed, its option renamed or merged, a number put in
its band, split over several questions) or retired with the reason the bank gives. Nothing is
dropped without being listed: retired answers go to the file's `retired` section."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from readiness.answers.versions import Band, History, Manifest, ManifestQuestion, Migration, history_of, manifest_of
from readiness.controls import visible
from readiness.errors import AnswerError, Diagnostic
from readiness.model import NUMERIC_TYPES, UNKNOWN, Bank, RetiredAnswer

Locate = Callable[[tuple[str | int, ...]], tuple[int, int]]
_DROP = object()
"""What an answer maps to when the step retires it."""


class _Entry(NamedTuple):
    """One answer on its way through the migrations: its value, note, the id it had in the
    file, and whether any step changed it."""

    value: Any
    note: str | None
    origin: str
    changed: bool = False


class Carried(NamedTuple):
    """An answer file carried from an earlier version: the sections as the current version
    reads them (still to be checked), and the counts the user is told."""

    path: str
    from_version: str
    to_version: str
    answers: dict[str, Any]
    set_aside: dict[str, Any]
    retired: dict[str, Any]
    carried: list[str]
    mapped: list[str]
    dropped: list[str]
    changed: frozenset[str]
    """Questions of the current version whose answer was changed on the way (renamed, mapped, split)."""
    origins: dict[str, str]
    declared: str = ""
    """The version the file names, when its answers turned out to be those of `from_version`."""
    same: frozenset[str] = frozenset()
    """The current version's questions that `from_version` asked in the same form."""

    def notice(self) -> Diagnostic:
        """The one line a command prints for the file."""
        counts = f"{_count(self.carried, 'answer')} carried, {len(self.mapped)} mapped, {len(self.dropped)} retired"
        listed = ", ".join(self.dropped[:3]) + (", …" if len(self.dropped) > 3 else "")
        message = f"bank {self.declared or self.from_version} → {self.to_version}: {counts}"
        if self.dropped:
            message += f" ({listed})"
        if self.declared:
            message += f"; the file says {self.declared}, but its answers are to the questions of {self.from_version}"
        return Diagnostic(self.path, 0, 0, "note", message)

    def locate(self, where: Locate) -> Locate:
        """Lines in the file for the current version's ids: where the answer they came from stands."""

        def located(loc: tuple[str | int, ...]) -> tuple[int, int]:
            if len(loc) >= 2 and isinstance(loc[1], str) and loc[0] in ("answers", "set_aside"):
                return where((loc[0], self.origins.get(loc[1], loc[1]), *loc[2:]))
            return where(loc)

        return located


def _count(items: list[str], word: str) -> str:
    return f"{len(items)} {word}{'' if len(items) == 1 else 's'}"


def carry(
    bank: Bank,
    declared: str,
    answers: dict[str, Any],
    set_aside: dict[str, Any],
    retired: dict[str, Any],
    path: str,
    where: Locate,
) -> Carried:
    """The sections of a file saved against version `declared` of `bank`, carried to the bank's
    own version. AnswerError when the file is of a version the bank cannot lead from."""
    history = history_of(bank)
    start = _start(bank, history, declared, answers, path, where)
    current = manifest_of(bank)
    chain = history.chain(start, bank.version) if history.reaches(start, bank.version) else []
    manifests = [history.manifests[m.from_version][0] for m in chain]
    entries = {str(qid): _entry(str(qid), raw) for qid, raw in answers.items() if raw is not None}
    aside = {str(qid): _entry(str(qid), raw) for qid, raw in set_aside.items() if raw is not None}
    kept = {**retired}
    same = set(manifests[0].questions if manifests else current.questions)
    for migration, old in zip(chain, manifests, strict=True):
        newer = history.manifests[migration.to][0] if migration.to != bank.version else current
        entries = _migrate(migration, old, newer, entries, kept)
        aside = _migrate(migration, old, newer, aside, kept)
        same = {qid for qid in same if migration.step(qid) is None and qid in newer.questions}
    return _carried(path, start, bank.version, answers, entries, aside, kept, declared)._replace(same=frozenset(same))


def _carried(
    path: str,
    start: str,
    end: str,
    given: dict[str, Any],
    entries: dict[str, _Entry],
    aside: dict[str, _Entry],
    retired: dict[str, Any],
    declared: str,
) -> Carried:
    descendants: dict[str, list[_Entry]] = {}
    for entry in entries.values():
        descendants.setdefault(entry.origin, []).append(entry)
    carried: list[str] = []
    mapped: list[str] = []
    dropped: list[str] = []
    for qid in (str(q) for q, raw in given.items() if raw is not None):
        found = descendants.get(qid, [])
        (dropped if not found else mapped if any(e.changed for e in found) else carried).append(qid)
    return Carried(
        path=path,
        from_version=start,
        to_version=end,
        answers={qid: _raw(entry) for qid, entry in entries.items()},
        set_aside={qid: _raw(entry) for qid, entry in aside.items() if qid not in entries},
        retired=retired,
        carried=carried,
        mapped=mapped,
        dropped=dropped,
        changed=frozenset(qid for qid, entry in entries.items() if entry.changed),
        origins={qid: entry.origin for qid, entry in entries.items()},
        declared=declared if declared != start else "",
    )


def _entry(qid: str, raw: Any) -> _Entry:
    if isinstance(raw, dict) and "value" in raw:
        note = raw.get("note")
        return _Entry(raw["value"], None if note is None else str(note), qid)
    return _Entry(raw, None, qid)


def _raw(entry: _Entry) -> Any:
    return {"value": entry.value, "note": entry.note} if entry.note else entry.value


# --- which version a file is of ------------------------------------------------------------------


def _start(bank: Bank, history: History, declared: str, answers: dict[str, Any], path: str, where: Locate) -> str:
    """The version to carry the file from: the one it names, unless the answers fit another
    version on the way to the bank's better (a file saved while the bank's label lagged behind
    its questions): the version the most answers fit, the named one on a tie, then the later."""
    if declared not in history.manifests:
        if _order(declared) <= _order(bank.version) and misfits(manifest_of(bank), answers) == 0:
            return bank.version  # no history to go by, and nothing to carry: read as it is
        raise AnswerError.at(path, _unknown_version(bank, history, declared), *where(("bank_version",)))
    if not history.reaches(declared, bank.version):
        problem = f"no migration leads from version {declared} of bank '{bank.id}' to this version, {bank.version}"
        raise AnswerError.at(path, problem + " (score it with the bank it was answered against: --bank DIR)")
    candidates = history.versions(bank.version)
    later = candidates[candidates.index(declared) :] if declared in candidates else [declared]
    ordered = later + [v for v in reversed(candidates) if v not in later]

    def fit(version: str) -> int:
        return misfits(manifest_of(bank) if version == bank.version else history.manifests[version][0], answers)

    return min(ordered, key=lambda version: (fit(version), ordered.index(version)))


def _unknown_version(bank: Bank, history: History, declared: str) -> str:
    known = ", ".join([*sorted(history.manifests, key=_order), bank.version]) if history.manifests else bank.version
    if _order(declared) > _order(bank.version):
        return (
            f"these answers were given against version {declared} of bank '{bank.id}', newer than this bank "
            f"({bank.version}): score them with version {declared} of the bank (--bank DIR) or a newer readiness"
        )
    return (
        f"these answers were given against version {declared} of bank '{bank.id}', which this bank does not know "
        f"(it knows {known}): score them with the bank they were answered against (--bank DIR)"
    )


def _order(version: str) -> tuple[int, ...]:
    """A version as numbers, for telling newer from older ("2.10" after "2.9"); text sorts first."""
    return tuple(int(part) for part in re.findall(r"\d+", version)[:8]) or (-1,)


def misfits(manifest: Manifest, answers: dict[str, Any]) -> int:
    """How many answers name no question of `manifest`, or (for options) none of its options."""
    count = 0
    for qid, raw in answers.items():
        question = manifest.questions.get(str(qid))
        if question is None or (raw is not None and not _fits_question(question, _entry(str(qid), raw).value)):
            count += 1
    return count


def _fits_question(question: ManifestQuestion, value: Any) -> bool:
    if _is_unknown(value) or question.type == "text":
        return True
    if question.type in NUMERIC_TYPES:
        return _number(value) is not None
    values = value if isinstance(value, list) else [value]
    return all(_option_text(v) in question.options for v in values)


def _is_unknown(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in (UNKNOWN, "don't know", "dont know")


def _option_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if isinstance(value, int | float) else value


# --- one migration ------------------------------------------------------------------------------


def _migrate(
    migration: Migration, old: Manifest, new: Manifest, entries: dict[str, _Entry], retired: dict[str, Any]
) -> dict[str, _Entry]:
    result: dict[str, _Entry] = {}

    def retire(qid: str, entry: _Entry, why: str, value: Any = None) -> None:
        question = old.questions.get(qid)
        text = question.text if question else qid
        key = entry.origin if entry.origin not in retired else f"{entry.origin}@{migration.from_version}"
        kept = {"value": entry.value if value is None else value, "question": text}
        kept |= {"version": migration.from_version, "why": why} | ({"note": entry.note} if entry.note else {})
        retired[key] = kept

    def place(qid: str, entry: _Entry, source: _Entry) -> None:
        if qid in result:
            retire(source.origin, source, f"another answer of version {migration.from_version} went to '{qid}' first")
            return
        target = new.questions.get(qid)
        if target is not None and _is_unknown(entry.value) and not target.unknown:
            retire(source.origin, source, f"'{qid}' no longer takes \"don't know\"; answer it again")
            return
        result[qid] = entry

    for qid, entry in entries.items():
        step = migration.step(qid)
        if step is None:
            place(qid, entry, entry)
        elif step.retire is not None:
            retire(qid, entry, step.retire)
        elif step.split:
            _split(qid, entry, step.split, step.why or "", place, retire)
        else:
            new_id = step.rename or qid
            value, lost = _mapped(entry.value, step.options, step.bands)
            if value is _DROP:
                retire(qid, entry, step.why or "")
                continue
            if lost:
                retire(qid, entry, step.why or "", value=lost)
            changed = entry.changed or new_id != qid or value != entry.value
            place(new_id, entry._replace(value=value, changed=changed), entry)
    return result


def _split(qid: str, entry: _Entry, targets: Any, why: str, place: Any, retire: Any) -> None:
    placed = False
    for target in targets:
        value, _ = _mapped(entry.value, target.options, ())
        if value is not _DROP:
            place(target.to, entry._replace(value=value, changed=True), entry)
            placed = True
    if not placed:
        retire(qid, entry, why)


def _mapped(value: Any, options: dict[str, str | None], bands: tuple[Band, ...]) -> tuple[Any, list[Any]]:
    """The value under the step's options or bands, and (for several options) those it retires."""
    if _is_unknown(value):
        return UNKNOWN, []
    if bands:
        return _banded(value, bands), []
    if isinstance(value, list):
        kept = [options.get(str(v), _option_text(v)) for v in value]
        lost = [v for v, k in zip(value, kept, strict=True) if k is None]
        chosen = list(dict.fromkeys(k for k in kept if k is not None))
        return (chosen if chosen else _DROP), (lost if chosen else [])
    text = _option_text(value)
    if isinstance(text, str) and text in options:
        mapped = options[text]
        return (_DROP if mapped is None else mapped), []
    return value, []


def _banded(value: Any, bands: tuple[Band, ...]) -> Any:
    number = _number(value)
    if number is None:
        return value  # not a number: the check against the new question says what is wrong
    return next(band.value for band in bands if band.upto is None or number <= band.upto)


def _number(value: Any) -> float | None:
    if isinstance(value, bool | list | dict):
        return None
    try:
        number = float(str(value).strip().removeprefix("£").replace(",", ""))
    except ValueError:
        return None
    return None if math.isnan(number) else number


# --- the retired section ------------------------------------------------------------------------


def retired_problem(key: str, entry: Any) -> str | None:
    """What is wrong with one entry of a file's `retired` section; None when it is sound."""
    if not isinstance(entry, dict):
        return f"retired answer '{key}': expected value, question, version and why (leave the section as it was saved)"
    missing = [name for name in ("value", "question", "version", "why") if name not in entry]
    unexpected = sorted(set(map(str, entry)) - {"value", "question", "version", "why", "note"})
    if missing or unexpected:
        wrong = f"missing {', '.join(missing)}" if missing else f"unexpected {', '.join(unexpected)}"
        return f"retired answer '{key}': {wrong} (leave the section as it was saved)"
    return None


def retired_answers(section: dict[str, Any]) -> dict[str, RetiredAnswer]:
    """The `retired` section as the model holds it."""
    return {
        key: RetiredAnswer(
            value=entry["value"],
            question=visible(str(entry["question"])),
            version=visible(str(entry["version"])),
            why=visible(str(entry["why"])),
            note=None if entry.get("note") is None else visible(str(entry["note"])),
        )
        for key, entry in section.items()
    }
