"""What a rule is: a frozen record of documentation plus one small check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from ai_readiness.findings import Severity, Span

if TYPE_CHECKING:
    from ai_readiness.context import DocContext, RunContext

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


class Policy(NamedTuple):
    """A rule's default severity by stage (docs/design.md, "Stages and severities").

    ``before_prod`` applies to prototype, pilot and deprecated systems (a deprecated system counts
    as a prototype), ``at_prod`` to production. ``None`` means the rule does not
    apply at that stage ("@prod" rules).
    """

    before_prod: Severity | None
    at_prod: Severity | None
    label: str

    def at(self, production: bool) -> Severity | None:
        return self.at_prod if production else self.before_prod

    @property
    def fixed(self) -> Severity:
        """The severity of a policy that is the same at every stage: a run check's findings are
        about the repository or the change, not one stage (tests/test_registry.py checks)."""
        if self.before_prod is None or self.before_prod != self.at_prod:
            raise ValueError(f"the policy {self.label} depends on the stage")
        return self.before_prod


ALWAYS_ERROR = Policy(ERROR, ERROR, "error")
ALWAYS_WARNING = Policy(WARNING, WARNING, "warning")
ALWAYS_INFO = Policy(INFO, INFO, "info")
WARN_THEN_ERROR = Policy(WARNING, ERROR, "W→E@prod")
INFO_THEN_ERROR = Policy(INFO, ERROR, "info→E@prod")
ERROR_AT_PROD = Policy(None, ERROR, "E@prod")
WARN_AT_PROD = Policy(None, WARNING, "W@prod")

# The scorecard's ten areas, in the order `report` lists them. A rule's `area` is one of them, or:
AREAS = (
    "ownership",
    "data",
    "evaluation",
    "monitoring",
    "logging",
    "failure handling",
    "oversight",
    "transparency",
    "security",
    "reviews",
)
BY_POINTER = "by pointer"  # the area of the key the finding points at (area_of_pointer)
WHOLE = "whole document"  # every area: the document could not be judged, so nothing in it is met

# Where a pointer lands on the scorecard. Longest prefix first; a pointer matches a prefix when it
# equals it or continues with "/".
POINTER_AREAS: tuple[tuple[str, str], ...] = (
    ("/spec/owners", "ownership"),
    ("/spec/purpose", "ownership"),
    ("/spec/risk", "ownership"),
    ("/spec/data", "data"),
    ("/spec/components", "data"),
    ("/spec/evaluation", "evaluation"),
    ("/spec/monitoring", "monitoring"),
    ("/spec/logging", "logging"),
    ("/spec/failureHandling", "failure handling"),
    ("/spec/humanOversight", "oversight"),
    ("/spec/transparency", "transparency"),
    ("/spec/reviews", "reviews"),
    ("/spec/review", "reviews"),
    ("/spec/exceptions", "reviews"),
)
# Everything else (metadata, type, stage, paths, decommission, unknown keys) is what identifies
# the system and who answers for it.
DEFAULT_AREA = "ownership"


def area_of_pointer(pointer: str) -> str:
    for prefix, area in POINTER_AREAS:
        if pointer == prefix or pointer.startswith(prefix + "/"):
            return area
    return DEFAULT_AREA


class Hit(NamedTuple):
    """What a check reports: the node that proves the problem, and words a product owner reads.

    ``pointer`` is an RFC 6901 pointer into the document. ``at`` chooses the key or the value
    of that node: the key for a missing or unknown key, the value for a wrong value
    (docs/design.md, "Positions").
    ``severity`` overrides the policy for this one finding (META002's future date, EVAL008 at
    tier high, FAIL001's kill-switch test at production).
    """

    pointer: str
    message: str
    at: str = "value"
    severity: Severity | None = None


Check = Callable[["DocContext"], Iterable[Hit]]


class RunHit:
    """What a run check reports: a problem of one document found by looking at the whole run.

    ``span`` is a position the loader or the change already holds (the name's span, a base
    document's first line): a run check never computes one either. (A plain class: defining a
    named tuple costs start-up time, and every run defines this one.)
    """

    __slots__ = ("document", "message", "path", "pointer", "span")

    def __init__(self, path: str, document: int, span: Span, pointer: str, message: str) -> None:
        self.path = path
        self.document = document
        self.span = span
        self.pointer = pointer
        self.message = message


RunCheck = Callable[["RunContext"], Iterable[RunHit]]


class Rule(NamedTuple):
    id: str
    name: str
    policy: Policy
    area: str  # where the scorecard counts its findings: one of AREAS, BY_POINTER or WHOLE
    summary: str
    rationale: str
    bad: str
    good: str
    check: Check | None = None  # runs on every document the rule applies to
    # Runs once per run, after every file, for what no single document shows (META003's names
    # across the repository, PR002's systems removed in the change).
    run_check: RunCheck | None = None
    # Engine-level rules (YAML001-003) can be neither ignored, re-graded nor waived;
    # SCHEMA001 and ATT001 can't be waived (docs/design.md, "Waivers").
    configurable: bool = True
    waivable: bool = True
    # The manifest keys the rule judges, as dotted paths from the document root, `[]` stepping
    # into every item of a list (`spec.monitoring.signals[].alert.op`); none for rules that judge
    # the whole file or every value (YAML, SCHEMA001, META001). A test resolves each in the schema.
    keys: tuple[str, ...] = ()
    # Rules that need more than one document: "repository" (META003), "git" (OWN003, GIT001),
    # "change" (PR001, PR002, only with --base).
    scope: str = "document"
    # What `lint --fix` fixes of the rule's findings, one sentence each (edit/fixes.py).
    fixes: tuple[str, ...] = ()
    # References to what the rule serves in a framework, each `framework:reference`
    # (`eu-ai-act:Art. 12(1)`, `gdpr:Art. 35`); packs may add more (`[controls]`).
    controls: tuple[str, ...] = ()
    # Where the rule comes from: "builtin", or the policy file that declares a requirement, and
    # that pack's `url` (where its documentation lives).
    source: str = "builtin"
    url: str | None = None
    # The judged stages at which the rule runs, when its policy alone can't say (a requirement
    # from pilot, or for deprecated systems only); None: wherever its policy gives a severity.
    stages: frozenset[str] | None = None
    # Runs after the document's other rules and reads what they raised (ATT002, through
    # `DocContext.outcome`).
    late: bool = False
