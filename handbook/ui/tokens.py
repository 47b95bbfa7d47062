"""Design tokens: the values the theme is made of, each with where it came from.

Colours, type scale, spacing, radius and focus ring come from Designsystemet, the Norwegian
public sector's shared design system (Digitaliseringsdirektoratet), as published on npm:

- ``@digdir/designsystemet-theme`` 1.11.0, file ``src/themes/designsystemet.css``
  (its header: ``build: v1.8.0, design-tokens: v1.8.0``), and
- ``@digdir/designsystemet-css`` 1.22.0, file ``dist/src/base.css`` (the focus ring's shape).

Each value below names its token (``--ds-…``) in the light (``:root``) or dark
(``[data-color-scheme="dark"]``) scheme of that file. Values that are ours, not theirs, say so
(``ours:``) and why. Plain data: no Qt here, so the measuring tests can read it too.

The copied values are used under the MIT licence of both packages:

    Copyright 2024 Digitaliseringsdirektoratet (Digdir)

    Permission is hereby granted, free of charge, to any person obtaining a copy of this software
    and associated documentation files (the "Software"), to deal in the Software without
    restriction, including without limitation the rights to use, copy, modify, merge, publish,
    distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
    Software is furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all copies or
    substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
    BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
    NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
    DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

from __future__ import annotations

SOURCE = "@digdir/designsystemet-theme 1.11.0 (design-tokens v1.8.0), @digdir/designsystemet-css 1.22.0"

# One scheme = the roles the app paints with. Keys are ours; each value names its token.
LIGHT: dict[str, str] = {
    "canvas": "#f3f3f4",          # --ds-color-neutral-background-tinted: window chrome behind the views
    "surface": "#ffffff",         # --ds-color-neutral-background-default: pages, lists, cards
    "surface_tinted": "#eef4fa",  # --ds-color-accent-background-tinted: alternate rows, the card in focus
    "hover": "#ddeaf6",           # --ds-color-accent-surface-tinted: a button under the mouse
    "pressed": "#c7ddf0",         # --ds-color-accent-surface-hover: a button held down or checked
    "text": "#292c30",            # --ds-color-neutral-text-default
    "text_subtle": "#5b5d60",     # --ds-color-neutral-text-subtle: hints, explanations, labels
    "border": "#77797b",          # --ds-color-neutral-border-default: fields and buttons
    "border_subtle": "#bbbcbd",   # --ds-color-neutral-border-subtle: frames, separators
    "accent": "#0062ba",          # --ds-color-accent-base-default: the selected hit, primary buttons
    "accent_hover": "#004f96",    # --ds-color-accent-base-hover
    "on_accent": "#ffffff",       # --ds-color-accent-base-contrast-default
    "accent_text": "#005db1",     # --ds-color-accent-text-subtle: links, checked chips' text
    "accent_border": "#005db1",   # --ds-color-accent-border-strong: checked chips
    "disabled_text": "#77797b",   # ours: --ds-color-neutral-border-default; the system dims to 30 % opacity
    #                               (--ds-opacity-disabled), 1.6:1 here, too faint to see that a button exists
    "focus_outer": "#292c30",     # --ds-color-focus-outer
    "focus_inner": "#ffffff",     # --ds-color-focus-inner
    "note_surface": "#fae6c6",    # --ds-color-warning-surface-tinted: «Utfyllende veiledning» notes
    "note_text": "#3c2807",       # --ds-color-warning-text-default
    "danger_text": "#b81a1a",     # --ds-color-danger-text-subtle: the emergency number's heading
    "tooltip": "#24272b",         # --ds-color-neutral-base-default
    "on_tooltip": "#ffffff",      # --ds-color-neutral-base-contrast-default
}

DARK: dict[str, str] = {
    "canvas": "#17181a",          # --ds-color-neutral-background-default (dark)
    "surface": "#1e2022",         # --ds-color-neutral-background-tinted (dark)
    "surface_tinted": "#102033",  # --ds-color-accent-background-tinted (dark)
    "hover": "#172f4b",           # --ds-color-accent-surface-tinted (dark)
    "pressed": "#1a3757",         # --ds-color-accent-surface-hover (dark)
    "text": "#ececec",            # --ds-color-neutral-text-default (dark)
    "text_subtle": "#a7a8a9",     # --ds-color-neutral-text-subtle (dark)
    "border": "#808183",          # --ds-color-neutral-border-default (dark)
    "border_subtle": "#4e5052",   # --ds-color-neutral-border-subtle (dark)
    "accent": "#4c91cf",          # --ds-color-accent-base-default (dark)
    "accent_hover": "#6fa6d8",    # --ds-color-accent-base-hover (dark)
    "on_accent": "#000000",       # --ds-color-accent-base-contrast-default (dark)
    "accent_text": "#8eaacb",     # --ds-color-accent-text-subtle (dark)
    "accent_border": "#8eaacb",   # --ds-color-accent-border-strong (dark)
    "disabled_text": "#808183",   # ours: --ds-color-neutral-border-default (dark), as in light
    "focus_outer": "#ececec",     # --ds-color-focus-outer (dark)
    "focus_inner": "#17181a",     # --ds-color-focus-inner (dark)
    "note_surface": "#3a2b19",    # --ds-color-warning-surface-tinted (dark)
    "note_text": "#f7ebdb",       # --ds-color-warning-text-default (dark)
    "danger_text": "#d19a96",     # --ds-color-danger-text-subtle (dark)
    "tooltip": "#aaabad",         # --ds-color-neutral-base-default (dark)
    "on_tooltip": "#000000",      # --ds-color-neutral-base-contrast-default (dark)
}

# High contrast when the system asks for it and gives us no palette of its own (Windows gives one,
# and the theme uses it: see handbook.ui.theme). Not in Designsystemet: ours, black and white with
# the focus ring and selection the WCAG AAA ratio (7:1) and more.
HIGH_CONTRAST: dict[str, str] = {
    "canvas": "#000000", "surface": "#000000", "surface_tinted": "#000000", "hover": "#1a1a1a",
    "pressed": "#333333", "text": "#ffffff", "text_subtle": "#ffffff", "border": "#ffffff",
    "border_subtle": "#ffffff", "accent": "#ffff00", "accent_hover": "#ffff66", "on_accent": "#000000",
    "accent_text": "#00ffff", "accent_border": "#ffff00", "disabled_text": "#c0c0c0",
    "focus_outer": "#ffff00", "focus_inner": "#000000", "note_surface": "#000000", "note_text": "#ffffff",
    "danger_text": "#ffffff", "tooltip": "#ffffff", "on_tooltip": "#000000",
}

# Type scale, in CSS px (96 px = 72 pt), of the "sm" size mode (--ds-size-mode-font-size--sm: 1,
# --ds-size-base: 18, so --_ds-font-size-factor = 16/18): --ds-font-size-N = rem × 16/18, rounded.
# The "md" mode (factor 1) makes body text 18 px, which leaves no room at 911×512; pages still grow
# with the app's zoom.
FONT_PX = {
    "body_sm": 14,     # --ds-body-sm-font-size = --ds-font-size-3 (1rem × 0.889): buttons, chrome
    "body_md": 16,     # --ds-body-md-font-size = --ds-font-size-4 (1.125rem × 0.889): pages, lists
    "heading_xs": 19,  # --ds-heading-xs-font-size = --ds-font-size-5 (1.3125rem × 0.889)
    "heading_sm": 21,  # --ds-heading-sm-font-size = --ds-font-size-6 (1.5rem × 0.889)
}
LINE_HEIGHT = 1.5  # --ds-line-height-md (ours to use it for body text)

# Spacing: --ds-size-unit = 1rem × --ds-size-step (4) / --ds-size-base (18) × mode (sm: 1) = 3.56 px;
# --ds-size-N = N units, rounded down to whole px.
SPACE_PX = {"1": 3, "2": 7, "3": 10, "4": 14}

RADIUS_PX = 4        # --ds-border-radius-base: 0.25rem
BORDER_PX = 1        # --ds-border-width-default
FOCUS_PX = 3         # --ds-border-width-focus: outline of --ds-color-focus-outer (base.css --dsc-focus-outline)
