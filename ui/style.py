"""A calm, legible look for long days of reading: Fusion, a light or a dark palette (or the
system's choice, the default), modest accents.

Colours of the study (code colours, speakers) are the same in both themes; what lies under and
over them is not. Shaded passages are drawn opaque, the code colour blended into the page, and
their text is whichever of the theme's text and its opposite reads better on that shade (the
WCAG contrast ratio), so a pale code on a dark page and a dark code on a light page both stay
readable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}

LIGHT = {"window": "#f6f5f1", "base": "#ffffff", "alternate": "#f7f6f2", "text": "#1b1b1b", "muted": "#6b6b66",
         "button": "#efeeea", "highlight": "#3d7ab8", "highlighted_text": "#ffffff", "tooltip": "#fffbe6",
         "chrome": "#ecebe6", "line": "#d9d9d4", "paper": "#fffefb", "selection": "#c9dcef",
         "text_selection": "#9cc3e6", "link": "#1f5fa8", "warning_bg": "#fde2e1", "warning_fg": "#7a1d17",
         "focus": "#3d7ab8"}
DARK = {"window": "#232427", "base": "#1a1b1d", "alternate": "#202124", "text": "#e4e3df", "muted": "#9a9a94",
        "button": "#2d2e32", "highlight": "#4f8fd0", "highlighted_text": "#ffffff", "tooltip": "#34352f",
        "chrome": "#2b2c30", "line": "#3a3b40", "paper": "#1d1e20", "selection": "#2f4a66",
        "text_selection": "#35577a", "link": "#8ab8f0", "warning_bg": "#4a2322", "warning_fg": "#f4c7c3",
        "focus": "#6aa6e6"}

STYLE = """
QMainWindow::separator {{ background: {line}; width: 4px; height: 4px; }}
QMainWindow::separator:hover {{ background: {highlight}; }}
QDockWidget::title {{ background: {chrome}; padding: 4px 6px; font-weight: 600; }}
QTabBar::tab {{ padding: 5px 12px; }}
QTabBar::tab:selected {{ font-weight: 600; }}
QTreeView, QTableView, QListWidget {{ selection-background-color: {selection}; selection-color: {text}; }}
QHeaderView::section {{ background: {button}; color: {text}; padding: 3px 6px; border: 0;
                       border-right: 1px solid {line}; border-bottom: 1px solid {line}; }}
QPlainTextEdit {{ background: {paper}; border: 1px solid {line}; selection-background-color: {text_selection};
                 selection-color: {text}; }}
QLineEdit {{ padding: 3px; }}
QStatusBar {{ background: {chrome}; }}
QToolBar#workspaces {{ background: {chrome}; border-right: 1px solid {line}; spacing: 2px; padding: 2px; }}
QToolBar#workspaces QToolButton {{ padding: 4px 2px; border-radius: 4px; }}
QToolBar#workspaces QToolButton:checked {{ background: {selection}; font-weight: 600; }}
QTreeView:focus, QTableView:focus, QListWidget:focus, QListView:focus, QPlainTextEdit:focus, QTextEdit:focus,
QTextBrowser:focus {{ border: 2px solid {focus}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border: 2px solid {focus}; border-radius: 3px; }}
QLabel#warningBanner {{ background: {warning_bg}; color: {warning_fg}; padding: 4px; }}
"""

# Fusion draws an unticked box in a list or a check box in the window's colour darkened, which
# vanishes on a dark page: the dark theme draws its boxes itself, the tick from resources/icons
DARK_BOXES = """
QAbstractItemView::indicator, QCheckBox::indicator, QGroupBox::indicator {{ width: 13px; height: 13px;
    border: 1px solid {muted}; border-radius: 2px; background: {base}; }}
QAbstractItemView::indicator:checked, QCheckBox::indicator:checked, QGroupBox::indicator:checked {{
    image: url({tick}); }}
QAbstractItemView::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: #5c5d63; }}
"""
TICK = Path(__file__).resolve().parent.parent / "resources" / "icons" / "check-on-dark.svg"

_current = {"name": "light", "colors": LIGHT}


def system_is_dark() -> bool:
    """What the desktop asks for (Qt 6.5+ reads it from the platform); unknown reads as light."""
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: str) -> str:
    if theme == "system":
        return "dark" if system_is_dark() else "light"
    return theme if theme in ("light", "dark") else "light"


def apply_style(app: QApplication, theme: str = "system") -> str:
    """Set the application's look; returns the theme in force ("light" or "dark")."""
    name = resolve(theme)
    colors = DARK if name == "dark" else LIGHT
    _current.update(name=name, colors=colors)
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {QPalette.Window: "window", QPalette.WindowText: "text", QPalette.Base: "base",
             QPalette.AlternateBase: "alternate", QPalette.Text: "text", QPalette.Button: "button",
             QPalette.ButtonText: "text", QPalette.Highlight: "highlight",
             QPalette.HighlightedText: "highlighted_text", QPalette.ToolTipBase: "tooltip",
             QPalette.ToolTipText: "text", QPalette.PlaceholderText: "muted", QPalette.Link: "link",
             QPalette.BrightText: "warning_fg"}
    for role, key in roles.items():
        palette.setColor(role, QColor(colors[key]))
    muted = QColor(colors["muted"])
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        palette.setColor(QPalette.Disabled, role, muted)
    palette.setColor(QPalette.Mid, QColor(colors["line"]))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    sheet = STYLE.format(**colors)
    if name == "dark":
        sheet += DARK_BOXES.format(tick=TICK.as_posix(), **colors)
    app.setStyleSheet(sheet)
    return name


def current_theme() -> str:
    return _current["name"]


def color(key: str) -> QColor:
    """A colour of the theme in force, by its name in LIGHT/DARK."""
    return QColor(_current["colors"][key])


# ---------------------------------------------------------------------- contrast
def luminance(c: QColor) -> float:
    """Relative luminance (WCAG 2): how light a colour reads, 0 black to 1 white."""
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(top: QColor, under: QColor, share: float) -> QColor:
    """`top` laid over `under` at `share` opacity, as one opaque colour."""
    share = max(0.0, min(1.0, share))
    return QColor.fromRgbF(top.redF() * share + under.redF() * (1 - share),
                           top.greenF() * share + under.greenF() * (1 - share),
                           top.blueF() * share + under.blueF() * (1 - share))


def shade(code_color: str | QColor, share: float, under: QColor | None = None) -> QColor:
    """A code's colour as a passage's shading on this theme's page. On a dark page a colour
    shows at a little more strength, or a pale code would vanish into the page."""
    page = under or color("paper")
    strength = share * (1.25 if current_theme() == "dark" else 1.0)
    return blend(QColor(code_color), page, strength)


def readable_on(background: QColor, preferred: QColor | None = None) -> QColor:
    """The text colour for a shaded background: the theme's text when it reads well enough
    (contrast 4.5, WCAG AA), else black or white, whichever reads better. Remembered per
    colour pair and theme: a densely coded transcript asks for the same few thousands of times."""
    key = (background.rgba(), preferred.rgba() if preferred is not None else None, _current["colors"]["text"])
    known = _readable.get(key)
    if known is None:
        text = preferred or color("text")
        if contrast(text, background) >= 4.5:
            known = text
        else:
            black, white = QColor("#111111"), QColor("#ffffff")
            known = black if contrast(black, background) >= contrast(white, background) else white
        _readable[key] = known = QColor(known)
    return QColor(known)


_readable: dict[tuple, QColor] = {}


def legible(fg: QColor, background: QColor) -> QColor:
    """A coloured text (a speaker's name) made light or dark enough to read on `background`."""
    dark_page = luminance(background) < 0.2
    for _step in range(8):
        if contrast(fg, background) >= 4.5:
            break
        fg = fg.lighter(125) if dark_page else fg.darker(125)
    return fg
