"""Benchmark: load and check a generated bank of 5,000 questions (target: under a second).

Run: python benchmarks/validate_large.py [QUESTIONS]
The bank has 10 domains, a follow-up branch off every fourth question, and a flag and an
action per domain, so every check (routes, cycles, reachability, the monotone proof) has work.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from readiness.checks import check_bank
from readiness.loading import load_bank

DOMAINS = 10


def question(i: int, size: int) -> str:
    after = f"q{i + 1}" if i + 1 < size else "end"
    lines = [
        f"- id: q{i}",
        f"  text: Question number {i}?",
        "  help: Generated for the benchmark.",
        "  type: choice",
        "  options:",
        "    - {value: good, label: Good, risk: 0}",
        "    - {value: fair, label: Fair, risk: 2}",
        "    - {value: poor, label: Poor, risk: 4}",
        f"  cites: [gen.f{i % 50}]",
    ]
    if i % 4 == 0 and i + 2 < size:
        lines += [
            "  next:",
            f"    - when: {{q: q{i}, in: [poor, unknown]}}",
            f"      goto: q{i}_why",
            f"    - goto: {after}",
            f"- id: q{i}_why",
            f"  text: Why is question {i} poor?",
            "  help: A follow-up.",
            "  type: yes_no",
            '  options: [{value: "yes", label: Known, risk: 0}, {value: "no", label: Unknown, risk: 1}]',
            f"  cites: [gen.f{i % 50}]",
            f"  next: {after}",
        ]
    else:
        lines.append(f"  next: {after}")
    return "\n".join(lines)


def write_bank(root: Path, size: int) -> int:
    (root / "questions").mkdir(parents=True)
    (root / "seeds").mkdir()
    domains = "\n".join(f"  - {{id: d{d}, title: Domain {d}, purpose: Generated, weight: 1}}" for d in range(DOMAINS))
    (root / "questions" / "bank.yaml").write_text(
        f'id: gen\nversion: "1"\ntitle: Generated\nstart: q0\nratings: {{amber: 25, red: 50}}\ndomains:\n{domains}\n'
    )
    per_domain = size // DOMAINS
    count = 0
    for d in range(DOMAINS):
        chunk = range(d * per_domain, size if d == DOMAINS - 1 else (d + 1) * per_domain)
        body = "\n".join(question(i, size) for i in chunk)
        count += len(chunk) + body.count("_why\n  text")
        extras = (
            f"flags:\n  - {{id: flag_{d}, severity: warning, when: {{q: q{chunk[0]}, in: [poor, unknown]}}, "
            f"says: Generated., cites: [gen.f0]}}\n"
            f"actions:\n  - {{id: act_{d}, when: {{q: q{chunk[0]}, in: [fair, poor, unknown]}}, do: Generated., "
            f"cites: [gen.f0]}}\n"
        )
        (root / "questions" / f"{d:02d}.yaml").write_text(f"domain: d{d}\nquestions:\n{body}\n{extras}")
    findings = "\n".join(f"  - {{id: f{i}, para: {i + 1}, claim: Generated claim {i}.}}" for i in range(50))
    (root / "seeds" / "gen.yaml").write_text(
        f"id: gen\nkind: report\ntitle: Generated\ndate: '2024'\nfindings:\n{findings}\n"
    )
    return count


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = write_bank(root, size)
        started = time.perf_counter()
        bank = load_bank(root)
        loaded = time.perf_counter()
        found = check_bank(bank)
        checked = time.perf_counter()
    errors = [d for d in found if d.severity == "error"]
    print(
        f"{count} questions: load {loaded - started:.3f} s, checks {checked - loaded:.3f} s, "
        f"total {checked - started:.3f} s, {len(errors)} errors"
    )
    if errors:
        print("\n".join(str(e) for e in errors[:5]))


if __name__ == "__main__":
    main()
