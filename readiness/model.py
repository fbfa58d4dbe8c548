"""The data model: the question bank, its sources and answer sets, as strict pydantic models."""

import datetime
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, Literal, NamedTuple, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from readiness.controls import visible

UNKNOWN = "unknown"
END = "end"

OWN_COUNCIL = "this_council"
"""The option value that stands for the respondent's own council ("My council" in the bank):
reports and the interview name the council instead."""
QuestionType = Literal["yes_no", "choice", "multi", "scale", "number", "text"]
CHOICE_TYPES = ("yes_no", "choice", "multi")
NUMERIC_TYPES = ("scale", "number")

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Citation = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*\.[a-z][a-z0-9_]*$")]
TEXT_LIMIT = 2000
NAME_LIMIT = 200


def _visible(value: Any) -> Any:
    """Text from a file or a keyboard enters the model with its control characters made
    visible (see `controls`), so nothing downstream can print them raw."""
    return visible(value) if isinstance(value, str) else value


_UNSEEN = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, zero-width formatting characters, spaces


def _named(value: str) -> str:
    """A name must show something: spaces and zero-width characters alone are no name."""
    if all(unicodedata.category(ch) in _UNSEEN for ch in value):
        raise ValueError("has nothing visible in it (type a name)")
    return value


Plain = Annotated[str, AfterValidator(_visible)]


def _web_address(value: str | None) -> str | None:
    """A source's address is a web page: a report renders it as a link, and a `javascript:` or
    `file:` one would run or open something on the reader's machine."""
    if value is not None and not value.lower().startswith(("http://", "https://")):
        raise ValueError("the url must be a web address starting with https:// or http:// (correct it, or remove it)")
    return value


Text = Annotated[str, Field(min_length=1, max_length=TEXT_LIMIT), AfterValidator(_visible)]
Name = Annotated[str, Field(min_length=1, max_length=TEXT_LIMIT), AfterValidator(_visible), AfterValidator(_named)]


def _as_word(value: Any) -> Any:
    """YAML 1.1 reads a bare yes/no as a boolean; an option value means the word."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return value


Word = Annotated[str, BeforeValidator(_as_word), Field(min_length=1, max_length=80), AfterValidator(_visible)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Strict(BaseModel):
    # defer_build: a bank read back from the cache is never validated, so its models need no
    # validator; building them all at import is a quarter of the start-up of `score`
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Condition(Strict):
    """A structured test of earlier answers: one comparison, or all/any/not of others."""

    q: Id | None = None
    is_: Word | None = Field(None, alias="is")
    in_: tuple[Word, ...] | None = Field(None, alias="in")
    gte: float | None = None
    lte: float | None = None
    answered: bool | None = None
    all_: tuple["Condition", ...] | None = Field(None, alias="all")
    any_: tuple["Condition", ...] | None = Field(None, alias="any")
    not_: "Condition | None" = Field(None, alias="not")

    @model_validator(mode="after")
    def _one_shape(self) -> "Condition":
        tests = [n for n in ("is_", "in_", "gte", "lte", "answered") if getattr(self, n) is not None]
        groups = [n for n in ("all_", "any_", "not_") if getattr(self, n) is not None]
        if self.q is not None:
            if len(tests) != 1 or groups:
                raise ValueError(
                    "a condition on 'q' needs exactly one of is, in, gte, lte, answered "
                    "(give it one test; join several conditions with all)"
                )
        elif tests or len(groups) != 1:
            raise ValueError(
                "a condition is {q: ID, is: VALUE} (or in/gte/lte/answered), or one of all/any/not "
                "(rewrite it in one of those forms)"
            )
        return self

    @cached_property
    def test(self) -> Callable[[Mapping[str, Any]], bool]:
        """This condition compiled to a function of the answers on the path (see conditions.holds)."""
        from readiness.conditions import compile_condition

        return compile_condition(self)

    @cached_property
    def atoms(self) -> tuple[tuple["Condition", bool], ...]:
        """Each comparison in this condition and whether it sits under a `not`, found once (a batch
        explains thousands of flags with them)."""
        from readiness.conditions import walk_atoms

        return tuple((atom, negated) for atom, _, negated in walk_atoms(self))


MAX_RISK = 4
"""The top of the risk scale: 0 is no concern, 4 severe. An answer that skips follow-ups must stand
for them within the scale (route it through them, or keep their risks low enough); see checks."""


class Option(Strict):
    value: Word
    label: Text
    risk: int = Field(ge=0, le=MAX_RISK)
    why: Text | None = None
    """The evidence behind the option's risk, where it is not plain from the cited findings."""
    exclusive: bool = False
    """In a multi question: an answer that cannot be chosen with others ("none of these")."""
    assumes: Condition | None = None
    """What earlier answers must allow for this option to make sense (checked over the map)."""

    @model_validator(mode="after")
    def _not_unknown(self) -> "Option":
        if self.value == UNKNOWN:
            raise ValueError("'unknown' is reserved for \"don't know\" (use unknown: true on the question)")
        return self


class Band(Strict):
    """Values up to `upto` (inclusive) carry `risk`; the last band has no `upto`."""

    upto: Annotated[float | None, Field(allow_inf_nan=False)] = None
    risk: int = Field(ge=0, le=MAX_RISK)
    why: Text | None = None


class Route(Strict):
    when: Condition | None = None
    goto: Id


def _as_routes(value: Any) -> Any:
    return [{"goto": value}] if isinstance(value, str) else value


class Question(Strict):
    id: Id
    domain: Id
    text: Text
    help: Text
    type: QuestionType
    options: tuple[Option, ...] = ()
    min: Annotated[float | None, Field(allow_inf_nan=False)] = None
    max: Annotated[float | None, Field(allow_inf_nan=False)] = None
    unit: Plain | None = None
    bands: tuple[Band, ...] = ()
    unknown: bool = True
    assumes: Condition | None = None
    """What earlier answers must allow for the question to make sense (checked over the map)."""
    cites: Annotated[tuple[Citation, ...], BeforeValidator(_as_list)] = ()
    next: Annotated[tuple[Route, ...], BeforeValidator(_as_routes)] = Field(min_length=1)

    @model_validator(mode="after")
    def _fits_type(self) -> "Question":
        if self.id == END:
            raise ValueError("'end' is reserved for the end of the map (choose another id)")
        if self.type in CHOICE_TYPES:
            self._check_options()
        elif self.options:
            raise ValueError(f"a {self.type} question takes no options (remove them, or make it a choice)")
        if self.type not in NUMERIC_TYPES and (self.bands or self.min is not None or self.max is not None):
            raise ValueError(
                f"min, max and bands belong to scale and number questions, not {self.type} "
                "(remove them, or change the type)"
            )
        if self.type == "scale" and (self.min is None or self.max is None):
            raise ValueError("a scale question needs min and max (add both, e.g. min: 1 and max: 5)")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError("min must be less than max (swap or correct them)")
        self._check_bands()
        return self

    def _check_options(self) -> None:
        values = [o.value for o in self.options]
        if len(values) < 2:
            raise ValueError(f"a {self.type} question needs at least two options (add the missing ones)")
        if len(set(values)) != len(values):
            raise ValueError("option values must be unique within the question (rename the repeated value)")
        if self.type == "yes_no" and sorted(values) != ["no", "yes"]:
            raise ValueError(
                "a yes_no question has exactly the options yes and no (keep those two, or make it a choice)"
            )
        if self.type != "multi" and any(o.exclusive for o in self.options):
            raise ValueError(
                "only the options of a multi question can be exclusive (remove exclusive, or make it a multi)"
            )

    def _check_bands(self) -> None:
        if not self.bands:
            return
        if self.bands[-1].upto is not None:
            raise ValueError("the last band takes every larger value, so it has no 'upto' (remove it)")
        limits = [b.upto for b in self.bands[:-1] if b.upto is not None]
        if len(limits) != len(self.bands) - 1 or any(a >= b for a, b in pairwise(limits)):
            raise ValueError("every band but the last needs an 'upto', in increasing order (add or reorder them)")

    @property
    def values(self) -> tuple[str, ...]:
        """The option values, with "unknown" when "don't know" is allowed."""
        own = tuple(o.value for o in self.options)
        return (*own, UNKNOWN) if self.unknown else own

    @property
    def range_words(self) -> str:
        """The bounds of a number or scale question in words: ' from 1 to 5', ' of at least 0'."""
        if self.min is not None and self.max is not None:
            return f" from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f" of at least {self.min:g}"
        return f" of at most {self.max:g}" if self.max is not None else ""

    def answer_text(self, value: "AnswerValue", missing: bool = False, council: str | None = None) -> str:
        """An answer as a person reads it: the option's label, or the number with its unit. With
        `council` (the respondent's), the option OWN_COUNCIL is named as that council."""
        if missing:
            return "Not answered (counted as don't know)"
        if value == UNKNOWN:
            return "Don't know"
        if isinstance(value, tuple):
            return "; ".join(self._label(v, council) for v in value)
        if isinstance(value, str):
            return self._label(value, council)
        number = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
        if self.unit in ("GBP", "£"):
            return f"£{number}"
        if self.unit == "%":
            return f"{number}%"
        return f"{number} {self.unit}" if self.unit else number

    def _label(self, value: str, council: str | None = None) -> str:
        if value == OWN_COUNCIL and council:
            return council
        option = self.option(value)
        return option.label if option else value

    @cached_property
    def _by_value(self) -> dict[str, Option]:
        return {o.value: o for o in self.options}

    def option(self, value: str) -> Option | None:
        return self._by_value.get(value)

    def risk_of(self, value: Any) -> int:
        """The risk an answer carries. "Don't know" (and no answer) carries none: it is not
        evidence of risk, it widens the domain's range instead (see `judgement`)."""
        option = self._by_value.get(value) if isinstance(value, str) else None
        if option is not None:  # the common case first: one option ("unknown" is never one)
            return option.risk
        if self.type == "text" or value is None or value == UNKNOWN:
            return 0
        if self.type == "multi":
            return max((o.risk for o in self.options if o.value in value), default=0)
        if self.type in NUMERIC_TYPES:
            return next((b.risk for b in self.bands if b.upto is None or value <= b.upto), 0)
        return 0


class Flag(Strict):
    id: Id
    domain: Id
    severity: Literal["critical", "warning"]
    when: Condition
    says: Text
    cites: Annotated[tuple[Citation, ...], BeforeValidator(_as_list)] = Field(min_length=1)


class Action(Strict):
    id: Id
    domain: Id
    priority: int = Field(2, ge=1, le=3)
    when: Condition
    do: Text
    cites: Annotated[tuple[Citation, ...], BeforeValidator(_as_list)] = Field(min_length=1)


class Domain(Strict):
    id: Id
    title: Text
    purpose: Text
    weight: float = Field(1.0, gt=0, le=10)


class Ratings(Strict):
    amber: float = Field(ge=0, le=100)
    red: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> "Ratings":
        if self.amber >= self.red:
            raise ValueError("the amber threshold must be below the red one (lower amber or raise red)")
        return self


class Consistency(Strict):
    """A test across councils that no single respondent's answers can fail: the councils' answers
    to `question` add up to more than `limit` (sum_over), more than one council gives `value`
    (claimed_by_several), every council answers and none gives `value` (claimed_by_none), or one
    council answers in `one` while another answers in `other` (opposed)."""

    id: Id
    kind: Literal["sum_over", "claimed_by_several", "claimed_by_none", "opposed"]
    question: Id
    limit: float | None = None
    value: Word | None = None
    one: tuple[Word, ...] = ()
    other: tuple[Word, ...] = ()
    severity: Literal["critical", "warning"] = "warning"
    says: Text
    cites: Annotated[tuple[Citation, ...], BeforeValidator(_as_list)] = Field(min_length=1)

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> "Consistency":
        needs = {"sum_over": "limit", "opposed": "one and other"}.get(self.kind, "value")
        present = {
            "sum_over": self.limit is not None,
            "opposed": bool(self.one and self.other),
        }.get(self.kind, self.value is not None)
        if not present:
            raise ValueError(f"a {self.kind} check needs {needs} (add it)")
        return self


class DivergenceRule(Strict):
    """How far apart respondents' answers to some questions may be before that is itself a risk."""

    questions: tuple[Id, ...] = Field(min_length=1)
    warning_at: int = Field(2, ge=1)
    critical_at: int = Field(3, ge=1)
    says: Text
    cites: Annotated[tuple[Citation, ...], BeforeValidator(_as_list)] = Field(min_length=1)


class BankHeader(Strict):
    """`questions/bank.yaml`."""

    id: SourceId
    version: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_visible)]
    title: Text
    description: Text | None = None
    start: Id
    ratings: Ratings
    domains: tuple[Domain, ...] = Field(min_length=1)
    consistency: tuple[Consistency, ...] = ()
    divergence: DivergenceRule | None = None

    @model_validator(mode="after")
    def _unique_domains(self) -> "BankHeader":
        ids = [d.id for d in self.domains]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"domain {', '.join(repr(i) for i in twice)} is declared twice (keep one)")
        return self


class QuestionFile(Strict):
    """Any other file in `questions/`: one stage or domain, with its flags and actions."""

    domain: Id | None = None
    questions: tuple[Question, ...] = ()
    flags: tuple[Flag, ...] = ()
    actions: tuple[Action, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _default_domain(cls, data: Any) -> Any:
        """Items without a `domain:` take the file's."""
        if not isinstance(data, dict) or not isinstance(data.get("domain"), str):
            return data
        data = dict(data)
        for key in ("questions", "flags", "actions"):
            items = data.get(key)
            if isinstance(items, list):
                data[key] = [{"domain": data["domain"], **item} if isinstance(item, dict) else item for item in items]
        return data


def _as_date_text(value: Any) -> Any:
    if isinstance(value, datetime.date | int):
        return str(value)
    return value


class Finding(Strict):
    id: Id
    para: int | None = Field(None, ge=1)
    section: Plain | None = None
    claim: Text

    @model_validator(mode="after")
    def _one_locator(self) -> "Finding":
        if (self.para is None) == (self.section is None):
            raise ValueError(
                "a finding has exactly one locator (give either para, for a document, or section, for a statute)"
            )
        return self

    @property
    def locator(self) -> str:
        if self.para is not None:
            return f"para. {self.para}"
        section = str(self.section)
        return f"s. {section}" if section[:1].isdigit() else section


class Source(Strict):
    id: SourceId
    kind: Literal["article", "news", "blog", "interview", "report", "statute", "guidance"]
    title: Text
    author: Plain | None = None
    outlet: Plain | None = None
    date: Annotated[str, BeforeValidator(_as_date_text), AfterValidator(_visible)]
    url: Annotated[Plain | None, AfterValidator(_web_address)] = None
    note: Plain | None = None
    findings: tuple[Finding, ...] = Field(min_length=1)

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)


Where = tuple[str, int, int]


class Locator(Protocol):
    def locate(self, loc: Sequence[object]) -> tuple[int, int]: ...


class Broken(NamedTuple):
    """What the files that failed their shape check declare: ids that exist but could not be
    loaded. The graph checks of the rest of the bank take references to them as no error of
    their own (the shape error already names the file)."""

    questions: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    citations: frozenset[str] = frozenset()  # cited by the broken items, so not "never cited"

    def covers(self, citation: str) -> bool:
        return citation.partition(".")[0] in self.sources


class Bank(Strict):
    """A whole question bank: header, questions in file order, flags, actions and sources."""

    header: BankHeader
    questions: dict[str, Question]
    flags: tuple[Flag, ...] = ()
    actions: tuple[Action, ...] = ()
    sources: dict[str, Source]
    digest: str = ""
    _origins: dict[tuple[str, str], tuple[str, Locator, tuple[str | int, ...]]] = PrivateAttr(default_factory=dict)
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)
    _root: str | None = PrivateAttr(default=None)

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> str:
        return self.header.version

    @property
    def root(self) -> str | None:
        """The directory the bank was read from (holding questions/ and seeds/), if any."""
        return self._root

    def read_from(self, root: str) -> None:
        """Remember the directory the bank was read from (used by the loader and the cache)."""
        self._root = root

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.header.domains if d.id == domain_id), None)

    def derived(self, name: str, make: Callable[[], Any]) -> Any:
        """What is worked out from the whole bank once and kept with it (its bounds): `make`
        runs the first time `name` is asked for (the cache hands over what it read back)."""
        if name not in self._derived:
            self._derived[name] = make()
        return self._derived[name]

    def place(self, kind: str, item_id: str, path: str, locator: Locator, prefix: tuple[str | int, ...]) -> None:
        """Remember where an item was read from (used by the loader)."""
        self._origins[(kind, item_id)] = (path, locator, prefix)

    def where(self, kind: str, item_id: str, *sub: str | int) -> Where:
        """File, line and column of an item or a part of it: `where("question", "q1", "next", 0)`."""
        origin = self._origins.get((kind, item_id))
        if origin is None:
            return ("", 0, 0)
        path, locator, prefix = origin
        return (path, *locator.locate((*prefix, *sub)))

    def finding(self, citation: str) -> tuple[Source, Finding] | None:
        source_id, _, finding_id = citation.partition(".")
        source = self.sources.get(source_id)
        finding = source.finding(finding_id) if source else None
        return (source, finding) if source and finding else None


Role = Literal[
    "leader", "cabinet_member", "councillor", "chief_executive", "statutory_officer", "other_officer", "other"
]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]


class Partnership(Strict):
    name: Name
    councils: tuple[Name, ...]

    @model_validator(mode="after")
    def _two_councils(self) -> "Partnership":
        if len(self.councils) < 2:
            raise ValueError("name at least two councils, e.g. councils: [Northvale District Council, Southmere BC]")
        seen: set[str] = set()
        for council in self.councils:
            if name_key(council) in seen:
                raise ValueError(f"council {council!r} is named twice (name each council once)")
            seen.add(name_key(council))
        return self


def name_key(name: str) -> str:
    """What makes two spellings of a name (a council's, a partnership's) the same: case, spacing,
    compatibility forms (NFKC: a full-width letter, a ligature) and invisible formatting
    characters (a zero-width space, a soft hyphen, a bidi mark) do not."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    if not folded.isascii():
        folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(folded.split())


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


RespondentName = Annotated[
    str, Field(min_length=1, max_length=NAME_LIMIT), AfterValidator(_visible), AfterValidator(_named)
]


class Respondent(Strict):
    name: Annotated[RespondentName | None, BeforeValidator(_blank_is_none)] = None
    council: Name
    role: Role
    group: Annotated[RespondentName | None, BeforeValidator(_blank_is_none)] = None
    """Optional: the respondent's group within the council (administration, opposition, …)."""


AnswerValue = str | int | float | tuple[str, ...]


class Answer(NamedTuple):
    """One answer and the respondent's optional note. A plain tuple: a batch makes millions."""

    value: AnswerValue
    note: str | None = None


class RetiredAnswer(NamedTuple):
    """An answer to a question an earlier version of the bank asked and this one no longer does:
    kept, never scored, and listed in reports with the question it answered."""

    value: Any
    question: str
    version: str
    why: str
    note: str | None = None


class AnswerSet(Strict):
    """What one respondent answered: the save file, the resume file and the batch input."""

    bank: SourceId
    bank_version: Plain | None = None
    bank_digest: Plain | None = None
    partnership: Partnership | None = None
    respondent: Respondent | None = None
    answers: dict[str, Answer] = {}
    set_aside: dict[str, Answer] = {}
    """Answers the interview's path no longer reaches, kept to offer back; scoring ignores them."""
    retired: dict[str, RetiredAnswer] = {}
    """Answers to questions of an earlier version that this one dropped; scoring ignores them."""
    source: Plain = Field("", exclude=True)

    def values(self) -> dict[str, AnswerValue]:
        """Each answered question's value, without notes: what the walk and the conditions read."""
        return {qid: answer.value for qid, answer in self.answers.items()}
