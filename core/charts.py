"""Accessible SVG bar charts for admin reports (visits per day, awards per year): no JavaScript, no library.

Drawn on the server so the chart is in the page's HTML (CSP allows no inline scripts) and readable by a
screen reader: a title, a description and one ``<title>`` per bar.
"""

from django.utils.html import escape


def bar_chart(series, title, unit="lượt", label=str, tip=None, width=860, height=240, every=None):
    """``series``: [(key, value)]; ``label(key)`` writes a key under its bar, ``tip(key)`` in its tooltip."""
    tip = tip or label
    peak = max((value for _, value in series), default=0) or 1
    left, bottom, top = 48, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / max(len(series), 1)
    bars = []
    for n, (key, value) in enumerate(series):
        h = plot_h * value / peak
        x = left + n * step
        bars.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
            f'fill="#9e1b1b"><title>{escape(tip(key))}: {value} {unit}</title></rect>'
        )
    every = every or max(1, len(series) // 6)
    centred = every == 1  # one label per bar: under its middle
    anchor = ' text-anchor="middle"' if centred else ""
    labels = [
        f'<text x="{left + n * step + (step / 2 if centred else 0):.1f}" y="{height - 8}" font-size="11"{anchor}>'
        f"{escape(label(key))}</text>"
        for n, (key, _) in enumerate(series)
        if n % every == 0
    ]
    axis = (
        f'<text x="4" y="{top + 10}" font-size="11">{peak}</text>'
        f'<text x="4" y="{top + plot_h}" font-size="11">0</text>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#777"/>'
    )
    return (
        f'<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{len(series)} cột, cao nhất {peak} {unit}.</desc>'
        f"{axis}{''.join(bars)}{''.join(labels)}</svg>"
    )
