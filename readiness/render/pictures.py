"""The survey's two pictures, as PNG bytes: a heat map of domains by council (and group), each
cell coloured by its rating and carrying its counts, and a bar a domain showing the shares of
respondents green, amber, red and cannot tell. matplotlib is imported here only, when a picture
is drawn, so nothing else pays for it."""

from __future__ import annotations

import io
from typing import Any

from readiness.survey import Distribution, Survey, distribution, group_tallies, partnership_view

COLOURS = {"green": "#63BE7B", "amber": "#FFD966", "red": "#F8696B", "unknown": "#C9C9C9"}
"""Fills light enough for the black text on them to be read, and printed in grey still told apart
by the words in each cell."""
WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no display needed
    from matplotlib import pyplot

    return pyplot


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    _pyplot().close(figure)
    return out.getvalue()


def _columns(s: Survey, by_group: bool) -> list[tuple[str, list[Distribution]]]:
    if by_group:
        columns = []
        for (council, group), tally in group_tallies(s).items():
            dists = [distribution(tally, i) for i in range(len(s.bank.header.domains))]
            columns.append((f"{_short(council)}:\n{_short(group or 'none given')} ({tally.n})", dists))
        return columns
    columns = [(_wrapped(c), [s.domains[d.id][c] for d in s.bank.header.domains]) for c in s.councils]
    return [*columns, ("Partnership", [partnership_view(s, d.id) for d in s.bank.header.domains])]


def _wrapped(text: str) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, 18)[:3])


def _short(text: str, most: int = 22) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _fill(rating: str) -> str:
    low, _, high = rating.partition("-")
    return COLOURS["unknown"] if high else COLOURS[low]


def heat_map(s: Survey, by_group: bool = False) -> bytes:
    """Domains down; across, the councils and the partnership, or (by group) each council's groups."""
    plt = _pyplot()
    columns = _columns(s, by_group)
    domains = s.bank.header.domains
    width = 2.2 + 1.5 * len(columns)
    figure, axes = plt.subplots(figsize=(width, 0.55 * len(domains) + 1.4))
    for x, (_, dists) in enumerate(columns):
        for y, dist in enumerate(dists):
            axes.add_patch(plt.Rectangle((x, y), 1, 1, facecolor=_fill(dist.rating), edgecolor="white", linewidth=2))
            low, _, high = dist.rating.partition("-")
            word = WORDS[low] + (f"–{WORDS[high]}" if high else "") + (" · split" if dist.split else "")
            counts = f"{dist.green}/{dist.amber}/{dist.red}/{dist.cannot_tell}"
            axes.text(x + 0.5, y + 0.5, f"{word}\n{counts}", ha="center", va="center", fontsize=7)
    axes.set_xlim(0, len(columns))
    axes.set_ylim(len(domains), 0)
    axes.set_xticks([x + 0.5 for x in range(len(columns))], [name for name, _ in columns], fontsize=7)
    axes.xaxis.tick_top()
    axes.set_yticks([y + 0.5 for y in range(len(domains))], [d.title for d in domains], fontsize=8)
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    axes.set_xlabel("Counts: green / amber / red / cannot tell", fontsize=7)
    return _png(figure)


def domain_bars(s: Survey) -> bytes:
    """A bar a domain: the shares of all respondents green, amber, red and cannot tell."""
    plt = _pyplot()
    domains = s.bank.header.domains
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(domains) + 1.2))
    left = [0.0] * len(domains)
    for key, label in (("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("cannot_tell", "Cannot tell")):
        shares = [getattr(s.domains[d.id][""], key) / max(s.count, 1) * 100 for d in domains]
        colour = COLOURS.get(key, COLOURS["unknown"])
        axes.barh(range(len(domains)), shares, left=left, color=colour, edgecolor="white", label=label)
        for y, (start, share) in enumerate(zip(left, shares, strict=True)):
            if share >= 6:
                axes.text(start + share / 2, y, f"{share:.0f}%", ha="center", va="center", fontsize=7)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.set_yticks(range(len(domains)), [d.title for d in domains], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(f"Share of the {s.count} respondents (%)", fontsize=8)
    axes.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=7, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def groups_alt(s: Survey) -> str:
    return (
        "Heat map of the domains by group within each council, coloured by each group's rating by the same rule. "
        "The table Domains by group gives the same in words."
    )


def heat_map_alt(s: Survey) -> str:
    """The heat map in words, for a screen reader."""
    reds = [d.title for d in s.bank.header.domains if s.partnership_ratings[d.id] == "red"]
    split = [d.title for d in s.bank.header.domains if any(x.split for x in s.domains[d.id].values())]
    text = f"Heat map of the {len(s.bank.header.domains)} domains by council, coloured by each council's rating. "
    text += f"Red for the partnership: {', '.join(reds) or 'none'}. Split: {', '.join(split) or 'none'}."
    return text + " The table Domains by council gives the same in words."


def bars_alt(s: Survey) -> str:
    return (
        f"Bar chart: for each domain, the share of the {s.count} respondents whose own answers rate it green, "
        "amber or red, or cannot yet tell. The table Domains by council gives the counts."
    )
